/** The audit log call, typed by the generated OpenAPI schema. */
import { unwrap } from '../api/client';
import type { components } from '../api/schema';
import { api } from '../app/session';
import { listParams, type ListQuery } from '../ui/listQuery';

type Schemas = components['schemas'];

/** AuditEntry is one line of a partner's audit log. */
export type AuditEntry = Schemas['audit.View'];

export const listAuditLogs = (partnerId: string, query: ListQuery) =>
  unwrap(api.GET('/api/v2/partners/{partner_id}/audit_logs', { params: { path: { partner_id: partnerId }, query: listParams(query) } }));
