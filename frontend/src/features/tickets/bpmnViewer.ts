/**
 * The heavy part of the ticket diagram: bpmn-js (read-only, with pan and zoom) and its styles.
 * Loaded on demand by TicketDiagram with `import()`, so it is a chunk of its own and not part
 * of the console's initial bundle.
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

export const ACTIVE_MARKER = 'diagram-active';
export const COMPLETED_MARKER = 'diagram-completed';

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(scale: 'fit-viewport'): number;
}

interface ElementRegistry {
  get(id: string): unknown;
}

export interface RenderedDiagram {
  /** Ids the model does not contain (e.g. the model changed): not marked. */
  unknown: string[];
  destroy(): void;
}

/** Draws `xml` into `container`, marks the passed steps and the current ones, fits it to the box. */
export async function renderDiagram(
  container: HTMLElement,
  xml: string,
  active: readonly string[],
  completed: readonly string[],
): Promise<RenderedDiagram> {
  const viewer = new NavigatedViewer({ container });
  try {
    await viewer.importXML(xml);
    const canvas = viewer.get<Canvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    const unknown: string[] = [];
    const mark = (ids: readonly string[], marker: string) => {
      for (const id of ids) {
        if (registry.get(id)) canvas.addMarker(id, marker);
        else unknown.push(id);
      }
    };
    // a step can be passed and current again (a retried install): current wins
    mark(
      completed.filter((id) => !active.includes(id)),
      COMPLETED_MARKER,
    );
    mark(active, ACTIVE_MARKER);
    canvas.zoom('fit-viewport');
    return { unknown, destroy: () => viewer.destroy() };
  } catch (error) {
    viewer.destroy();
    throw error;
  }
}
