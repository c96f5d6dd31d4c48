import { useState } from 'react';
import { PageHeader } from '../../shared/layout/PageHeader';
import { PagedResults } from '../../shared/ui/PagedResults';
import { Notice } from '../../shared/ui/States';
import { useDocumentTitle } from '../../shared/utils/useDocumentTitle';
import { readPaging, useUrlQuery } from '../../shared/utils/useUrlQuery';
import type { TaskScope } from './api';
import { useTasksPage } from './hooks';
import { TaskCard } from './TaskCard';

const TABS: { scope: TaskScope; label: string; empty: string }[] = [
  { scope: 'group', label: 'My groups', empty: 'No open tasks for your groups' },
  { scope: 'mine', label: 'Claimed by me', empty: 'You have claimed no tasks' },
];

/** The task list of approvers, operators and admins: their groups' open tasks, or the ones they claimed. */
export function TasksPage() {
  useDocumentTitle('Tasks');
  const { params, update } = useUrlQuery();
  const scope: TaskScope = params.get('scope') === 'mine' ? 'mine' : 'group';
  const { page, size } = readPaging(params);
  const tasks = useTasksPage(scope, page, size);
  const [flash, setFlash] = useState<string | null>(null);
  const tab = TABS.find((candidate) => candidate.scope === scope) ?? TABS[0];

  return (
    <>
      <PageHeader title="Tasks">
        <p className="muted">
          Human steps of ticket workflows. Claim a task to work it; every decision needs a comment and is audited. You never
          decide the approval of your own ticket.
        </p>
      </PageHeader>
      <div className="tabs" role="tablist" aria-label="Which tasks">
        {TABS.map((candidate) => (
          <button
            key={candidate.scope}
            type="button"
            role="tab"
            aria-selected={candidate.scope === scope}
            className="tabs__tab"
            onClick={() => {
              setFlash(null);
              update({ scope: candidate.scope === 'group' ? '' : candidate.scope });
            }}
          >
            {candidate.label}
            {candidate.scope === scope && tasks.data && <span className="count">{tasks.data.totalItems}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tab.label}>
        {flash && <Notice kind="success">{flash}</Notice>}
        <PagedResults
          state={tasks}
          noun={['task']}
          errorTitle="Could not load tasks"
          emptyTitles={[tab.empty, tab.empty]}
          filtered={false}
          onClearFilters={() => undefined}
          onPageChange={(next) => update({ page: next })}
          onSizeChange={(next) => update({ size: next })}
        >
          {(items, busy) => (
            <div className="task-list" aria-busy={busy}>
              {items.map((task) => (
                <TaskCard
                  key={task.id}
                  task={task}
                  onChanged={() => {
                    setFlash(null);
                    tasks.reload();
                  }}
                  onDecided={(_ticket, message) => {
                    setFlash(message);
                    tasks.reload();
                  }}
                />
              ))}
            </div>
          )}
        </PagedResults>
      </div>
    </>
  );
}
