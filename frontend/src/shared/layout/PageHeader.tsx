import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

interface PageHeaderProps {
  title: ReactNode;
  /** Optional breadcrumb back to the parent list. */
  back?: { to: string; label: string };
  actions?: ReactNode;
  children?: ReactNode;
}

export function PageHeader({ title, back, actions, children }: PageHeaderProps) {
  return (
    <div className="page-header">
      {back && (
        <p className="page-header__back">
          <Link to={back.to}>← {back.label}</Link>
        </p>
      )}
      <div className="page-header__row">
        <h1>{title}</h1>
        {actions && <div className="page-header__actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}
