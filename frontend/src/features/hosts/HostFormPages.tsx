import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { rethrowStaleVersion, StaleVersionNotice } from '../../shared/ui/StaleVersion';
import { PageHeader } from '../../shared/layout/PageHeader';
import { ErrorMessage, Loading } from '../../shared/ui/States';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { createHost, updateHost, type HostInput } from './api';
import { HostForm } from './HostForm';
import { emptyHostForm, hostToForm } from './hostForm';
import { useHost, useProfileNames } from './hooks';

function hostPath(id: string | number): string {
  return `/hosts/${encodeURIComponent(String(id))}`;
}

export function HostCreatePage() {
  useDocumentTitle('New host');
  const navigate = useNavigate();
  const profiles = useProfileNames();

  const save = async (input: HostInput) => {
    const created = await createHost(input);
    navigate(hostPath(created.id), { state: { flash: `Host ${created.hostname} created.` } });
  };

  return (
    <>
      <PageHeader title="New host" back={{ to: '/hosts', label: 'Hosts' }} />
      {profiles.error && <ErrorMessage error={profiles.error} title="Could not load profiles" onRetry={profiles.reload} />}
      <HostForm
        initial={emptyHostForm()}
        profileNames={profiles.data ?? []}
        submitLabel="Create host"
        onSubmit={save}
        onCancel={() => navigate('/hosts')}
      />
    </>
  );
}

export function HostEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const host = useHost(id);
  const profiles = useProfileNames();
  const [stale, setStale] = useState(false);
  useDocumentTitle(host.data ? `Edit ${host.data.hostname}` : 'Edit host');

  if (host.error && !host.data) {
    return (
      <>
        <PageHeader title="Edit host" back={{ to: '/hosts', label: 'Hosts' }} />
        <ErrorMessage error={host.error} title="Could not load the host" onRetry={host.reload} />
      </>
    );
  }
  if (!host.data) return <Loading label="Loading host…" />;

  const current = host.data;
  const save = async (input: HostInput) => {
    try {
      const saved = await updateHost(current.id, input, current.version);
      navigate(hostPath(saved.id), { state: { flash: 'Changes saved.' } });
    } catch (error) {
      rethrowStaleVersion(error, 'host', () => setStale(true));
    }
  };

  return (
    <>
      <PageHeader title={`Edit ${current.hostname}`} back={{ to: hostPath(current.id), label: current.hostname }} />
      {stale && (
        <StaleVersionNotice
          version={current.version}
          onReload={() => {
            setStale(false);
            host.reload();
          }}
        />
      )}
      <HostForm
        key={`${current.id}:${current.version}`}
        initial={hostToForm(current)}
        profileNames={profiles.data ?? []}
        submitLabel="Save changes"
        onSubmit={save}
        onCancel={() => navigate(hostPath(current.id))}
      />
    </>
  );
}
