import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { aTicketDiagram } from '../../test/fixtures';
import { json, mockFetch } from '../../test/http';
import { stepNames, TicketDiagram } from './TicketDiagram';

// bpmn-js itself needs SVG layout (getBBox) that jsdom lacks: a stand-in records what it is asked.
const viewer = vi.hoisted(() => ({
  importXML: vi.fn<(xml: string) => Promise<unknown>>(),
  addMarker: vi.fn<(id: string, marker: string) => void>(),
  zoom: vi.fn(),
  destroy: vi.fn(),
  known: new Set<string>(),
  container: null as HTMLElement | null,
}));

vi.mock('bpmn-js/lib/NavigatedViewer', () => ({
  default: class {
    constructor({ container }: { container: HTMLElement }) {
      viewer.container = container;
    }
    importXML = viewer.importXML;
    destroy = viewer.destroy;
    get(name: string) {
      if (name === 'canvas') return { addMarker: viewer.addMarker, zoom: viewer.zoom };
      return { get: (id: string) => (viewer.known.has(id) ? { id } : undefined) };
    }
  },
}));

beforeEach(() => {
  viewer.importXML.mockReset().mockResolvedValue({ warnings: [] });
  viewer.addMarker.mockReset();
  viewer.zoom.mockReset();
  viewer.destroy.mockReset();
  viewer.known = new Set(['StartEvent_TicketSubmitted', 'UserTask_Approve', 'Receive_FirstBoot', 'ServiceTask_ArmHost']);
});

describe('TicketDiagram', () => {
  it('marks the current step and the passed ones, fits the view and shows a legend', async () => {
    const diagram = aTicketDiagram({
      // a retried install: Receive_FirstBoot passed once and is current again
      completed: ['StartEvent_TicketSubmitted', 'UserTask_Approve', 'Receive_FirstBoot', 'Gone_FromModel'],
    });
    const { requests } = mockFetch((request) => (request.path === '/api/tickets/T-7K2M9QXA/diagram' ? json(diagram) : undefined));
    const { unmount } = render(<TicketDiagram ticketId="T-7K2M9QXA" />);

    await waitFor(() => expect(viewer.zoom).toHaveBeenCalledWith('fit-viewport'));
    expect(requests).toHaveLength(1);
    expect(viewer.importXML).toHaveBeenCalledWith(diagram.bpmnXml);
    expect(viewer.addMarker.mock.calls).toEqual([
      ['StartEvent_TicketSubmitted', 'diagram-completed'],
      ['UserTask_Approve', 'diagram-completed'],
      ['Receive_FirstBoot', 'diagram-active'],
    ]);
    expect(screen.getByRole('img', { name: /now at: Wait for first boot/ })).toBe(viewer.container);
    expect(screen.getByRole('list', { name: 'Legend' })).toHaveTextContent(/current step.*step passed.*not reached/);
    expect(screen.queryByText('Drawing the workflow…')).not.toBeInTheDocument();

    unmount();
    expect(viewer.destroy).toHaveBeenCalled();
  });

  it('lists the steps by name when the model cannot be drawn', async () => {
    viewer.importXML.mockRejectedValue(new Error('unparsable content <foo> detected'));
    mockFetch(() => json(aTicketDiagram()));
    render(<TicketDiagram ticketId="T-7K2M9QXA" />);

    expect(await screen.findByText('The diagram could not be drawn')).toBeInTheDocument();
    expect(screen.getByText('unparsable content <foo> detected')).toBeInTheDocument();
    expect(screen.getByText('Now at').nextElementSibling).toHaveTextContent('Wait for first boot (Receive_FirstBoot)');
    expect(screen.getByText('Passed').nextElementSibling).toHaveTextContent(
      'Ticket submitted (StartEvent_TicketSubmitted), Approve ticket (UserTask_Approve)',
    );
    expect(screen.queryByRole('list', { name: 'Legend' })).not.toBeInTheDocument();
    expect(viewer.destroy).toHaveBeenCalled();
  });

  it('shows an error with a retry when the diagram cannot be loaded', async () => {
    mockFetch(() => json({ status: 404, title: 'Not Found', detail: 'no ticket T-X' }, 404));
    render(<TicketDiagram ticketId="T-X" />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the workflow diagram');
  });

  it('reads step names from the model', () => {
    const names = stepNames(aTicketDiagram().bpmnXml);
    expect(names.get('UserTask_Approve')).toBe('Approve ticket');
    expect(stepNames('not xml').size).toBe(0);
  });
});
