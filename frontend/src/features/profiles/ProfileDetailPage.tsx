import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { DeleteButton } from '../../shared/ui/DeleteButton';
import { Detail } from '../../shared/ui/Details';
import { ErrorMessage, Loading, Notice } from '../../shared/ui/States';
import { formatDateTime } from '../../shared/utils/format';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { deleteProfile, kindLabel, type Profile } from './api';
import { useProfile } from './hooks';
import { ProfilePreview } from './ProfilePreview';

export function ProfileDetailPage() {
  const { name = '' } = useParams();
  const profile = useProfile(name);
  const can = useCan();
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  useDocumentTitle(name ? `Profile ${name}` : 'Profile');

  if (profile.error && !profile.data) {
    return (
      <>
        <PageHeader title={name} back={{ to: '/profiles', label: 'Profiles' }} />
        <ErrorMessage
          error={profile.error}
          title={profile.error.isNotFound ? 'This profile does not exist' : 'Could not load the profile'}
          onRetry={profile.error.isNotFound ? undefined : profile.reload}
        />
      </>
    );
  }
  if (!profile.data) return <Loading label="Loading profile…" />;
  const current = profile.data;
  const path = `/profiles/${encodeURIComponent(current.name)}`;

  return (
    <>
      <PageHeader
        title={current.name}
        back={{ to: '/profiles', label: 'Profiles' }}
        actions={
          can('profiles:edit') && (
            <>
              <Link className="button" to={`${path}/edit`}>
                Edit
              </Link>
              <DeleteProfileButton profile={current} />
            </>
          )
        }
      />
      {flash && <Notice kind="success">{flash}</Notice>}

      <section className="panel" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Settings</h2>
        <dl className="details">
          <Detail term="Kind">{kindLabel(current.kind)}</Detail>
          <Detail term="Description">{current.description || '—'}</Detail>
          <Detail term="Kernel URL">
            <span className="mono break">{current.kernelUrl || '—'}</span>
          </Detail>
          <Detail term="Initrd URLs">
            {current.initrdUrls?.length ? (
              <ul className="plain-list mono break">
                {current.initrdUrls.map((url) => (
                  <li key={url}>{url}</li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </Detail>
          <Detail term="Kernel arguments">
            <span className="mono break">{current.kernelArgs || '—'}</span>
          </Detail>
          <Detail term="Installer ISO URL">
            <span className="mono break">{current.isoUrl || '—'}</span>
          </Detail>
          <Detail term="Variables">
            {Object.keys(current.variables ?? {}).length === 0 ? (
              'None'
            ) : (
              <ul className="plain-list">
                {Object.entries(current.variables ?? {}).map(([key, value]) => (
                  <li key={key}>
                    <code>{key}</code> = {value ? <code>{value}</code> : <strong>not set (hosts cannot be armed)</strong>}
                  </li>
                ))}
              </ul>
            )}
          </Detail>
          <Detail term="Secrets">
            {Object.keys(current.secrets ?? {}).length === 0 ? (
              'None'
            ) : (
              <ul className="plain-list">
                {Object.entries(current.secrets ?? {}).map(([key, state]) => (
                  <li key={key}>
                    <code>{key}</code>{' '}
                    {state.set ? (
                      <span className="badge badge--ok">set</span>
                    ) : (
                      <strong>not set (hosts cannot be armed)</strong>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Detail>
          <Detail term="Reinstall on reboot">{current.reinstallOnReboot ? 'Yes' : 'No'}</Detail>
          <Detail term="Maximum install boots">{current.maxInstallBoots}</Detail>
          <Detail term="Updated">{formatDateTime(current.updatedAt)}</Detail>
          <Detail term="Version">{current.version}</Detail>
          <Detail term="Hosts">
            <Link to={`/hosts?profile=${encodeURIComponent(current.name)}`}>Hosts using this profile</Link>
          </Detail>
        </dl>
      </section>

      <section className="panel" aria-labelledby="templates-heading">
        <h2 id="templates-heading">Templates</h2>
        <Template title="iPXE script template" text={current.ipxeScript} />
        <Template title="Answer file template" text={current.answerTemplate} />
      </section>

      <section className="panel" aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview for a host</h2>
        <ProfilePreview profileName={current.name} />
      </section>
    </>
  );
}

function Template({ title, text }: { title: string; text: string | null }) {
  return (
    <figure className="template">
      <figcaption>{title}</figcaption>
      {text ? (
        <pre tabIndex={0} aria-label={title}>
          {text}
        </pre>
      ) : (
        <p className="muted">Not set.</p>
      )}
    </figure>
  );
}

function DeleteProfileButton({ profile }: { profile: Profile }) {
  const navigate = useNavigate();
  return (
    <DeleteButton
      title={`Delete profile ${profile.name}?`}
      description="Hosts can no longer install this profile. This cannot be undone."
      confirmLabel="Delete profile"
      onDelete={() => deleteProfile(profile.name)}
      onDeleted={() => navigate('/profiles', { state: { flash: `Profile ${profile.name} deleted.` } })}
    />
  );
}
