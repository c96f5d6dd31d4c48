import { useCan } from '../../app/auth';
import { PageHeader } from '../../shared/layout/PageHeader';
import { Tabs } from '../../shared/ui/Tabs';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { useUrlQuery } from '../../shared/utils/useUrlQuery';
import { BatchJobsSection } from './BatchJobsSection';
import { CsvBatchPanel } from './CsvBatchPanel';
import { SelectionPanel } from './SelectionPanel';
import { SingleHostPanel } from './SingleHostPanel';

type Mode = 'host' | 'csv' | 'selection';

const MODES: { key: Mode; label: string }[] = [
  { key: 'host', label: 'Single host' },
  { key: 'csv', label: 'CSV batch' },
  { key: 'selection', label: 'Database selection' },
];

/**
 * Boot images: one host's ISO, USB or floppy image, or batch jobs that build many hosts' ISOs into
 * one zip (from a CSV of existing hosts, or a selection from the database), with their progress.
 * Building and downloading is for operators and admins; editors and auditors see the jobs.
 */
export function IsoBuilderPage() {
  useDocumentTitle('ISO builder');
  const can = useCan();
  const { params, update } = useUrlQuery();
  const mode: Mode = MODES.some((candidate) => candidate.key === params.get('mode')) ? (params.get('mode') as Mode) : 'host';
  const hostId = params.get('host') ?? '';

  return (
    <>
      <PageHeader title="ISO builder">
        <p className="muted">
          Each host boots from its own small image: its static network settings, its boot token and the server's addresses. Build one
          host's image, or many hosts' ISOs into one zip with a manifest.
        </p>
      </PageHeader>
      {can('hosts:iso') ? (
        <Tabs
          label="What to build"
          idPrefix="iso-builder"
          tabs={MODES}
          selected={mode}
          onSelect={(next) => update({ mode: next === 'host' ? '' : next, host: next === 'host' ? hostId : '' })}
        >
          {mode === 'host' && <SingleHostPanel hostId={hostId} onChoose={(id) => update({ host: id })} />}
          {mode === 'csv' && <CsvBatchPanel />}
          {mode === 'selection' && <SelectionPanel />}
        </Tabs>
      ) : (
        <p className="alert alert--info">
          Building and downloading boot images is for operators and admins (the images carry boot tokens). You can follow the batch jobs
          below.
        </p>
      )}
      <BatchJobsSection />
    </>
  );
}
