/** A view's frame: a labelled region with a heading, and an error boundary so one view never blanks the app. */
import { Component, type ReactNode, useRef } from 'react';
import { ExportButtons } from '../export/ExportButtons';

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
  const ref = useRef<HTMLElement>(null);
  return (
    <section ref={ref} className="view" aria-labelledby={`${id}-title`} data-view={id}>
      <header className="view__header">
        <h2 id={`${id}-title`} className="view__title">
          {title}
        </h2>
        {subtitle ? <span className="view__subtitle">{subtitle}</span> : null}
        {actions ? <div className="view__actions">{actions}</div> : null}
        <ExportButtons target={ref} name={id} />
      </header>
      <div className="view__body">
        <ViewErrorBoundary name={title}>{children}</ViewErrorBoundary>
      </div>
    </section>
  );
}
