/** A view's frame: a labelled region with a heading, and an error boundary so one view never blanks the app. */
import { Component, type ReactNode, useRef } from 'react';
import { ExportButtons } from '../export/ExportButtons';
import { GlossText } from '../glossary/GlossText';
import { useWorkspaceUi, type ViewId } from './workspaceUi';

class ViewErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (this.state.error)
      return (
        <div role="alert" className="view-error">
          <strong>The {this.props.name} view failed.</strong> The other views still work.
          <pre>{this.state.error.message}</pre>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    return this.props.children;
  }
}

export function ViewPanel({
  id,
  title,
  subtitle,
  actions,
  children,
}: {
  id: string;
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const focused = useWorkspaceUi((s) => s.focused === id);
  const toggleFocus = useWorkspaceUi((s) => s.toggleFocus);
  const ref = useRef<HTMLElement>(null);
  // a term in the title is not defined again in the subtitle
  const seen = new Set<string>();
  return (
    // tabIndex -1: the skip links move the keyboard focus here
    <section ref={ref} className="view" aria-labelledby={`${id}-title`} data-view={id} id={`view-${id}`} tabIndex={-1}>
      <header className="view__header">
        <h2 id={`${id}-title`} className="view__title">
          <GlossText text={title} seen={seen} />
        </h2>
        {subtitle ? (
          <span className="view__subtitle">
            {typeof subtitle === 'string' ? <GlossText text={subtitle} seen={seen} /> : subtitle}
          </span>
        ) : null}
        <div className="view__actions">
          {actions}
          <ExportButtons target={ref} name={id} />
          <button
            type="button"
            className="view__focus"
            aria-pressed={focused}
            aria-label={`${focused ? 'Restore' : 'Focus'} ${title}`}
            title={focused ? 'Back to all views (F or Esc)' : 'Focus: maximise this view (F)'}
            onClick={() => toggleFocus(id as ViewId)}
          >
            {focused ? 'Restore' : 'Focus'}
          </button>
        </div>
      </header>
      <div className="view__body">
        <ViewErrorBoundary name={title}>{children}</ViewErrorBoundary>
      </div>
    </section>
  );
}
