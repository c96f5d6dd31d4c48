import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { rethrowStaleVersion, StaleVersionNotice } from '../../shared/ui/StaleVersion';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { createProfile, updateProfile, type ProfileInput } from './api';
import { useProfile } from './hooks';
import { ProfileForm } from './ProfileForm';
import { emptyProfileForm, profileToForm } from './profileForm';

const profilePath = (name: string) => `/profiles/${encodeURIComponent(name)}`;

export function ProfileCreatePage() {
  useDocumentTitle('New profile');
  const navigate = useNavigate();
  const save = async (input: ProfileInput) => {
    const created = await createProfile(input);
    navigate(profilePath(created.name), { state: { flash: `Profile ${created.name} created.` } });
  };
  return (
    <>
      <PageHeader title="New profile" back={{ to: '/profiles', label: 'Profiles' }} />
      <ProfileForm initial={emptyProfileForm()} submitLabel="Create profile" onSubmit={save} onCancel={() => navigate('/profiles')} />
    </>
  );
}

export function ProfileEditPage() {
  const { name = '' } = useParams();
  const navigate = useNavigate();
  const profile = useProfile(name);
  const [stale, setStale] = useState(false);
  useDocumentTitle(`Edit profile ${name}`);

  if (profile.error && !profile.data) {
    return (
      <>
        <PageHeader title={`Edit ${name}`} back={{ to: '/profiles', label: 'Profiles' }} />
        <ErrorMessage error={profile.error} title="Could not load the profile" onRetry={profile.reload} />
      </>
    );
  }
  if (!profile.data) return <Loading label="Loading profile…" />;
  const current = profile.data;

  const save = async (input: ProfileInput) => {
    try {
      const saved = await updateProfile(current.name, input, current.version);
      navigate(profilePath(saved.name), { state: { flash: 'Changes saved.' } });
    } catch (error) {
      rethrowStaleVersion(error, 'profile', () => setStale(true));
    }
  };

  return (
    <>
      <PageHeader title={`Edit ${current.name}`} back={{ to: profilePath(current.name), label: current.name }} />
      {stale && (
        <StaleVersionNotice
          version={current.version}
          onReload={() => {
            setStale(false);
            profile.reload();
          }}
        />
      )}
      <ProfileForm
        key={`${current.name}:${current.version}`}
        initial={profileToForm(current)}
        nameLocked
        submitLabel="Save changes"
        onSubmit={save}
        onCancel={() => navigate(profilePath(current.name))}
      />
    </>
  );
}
