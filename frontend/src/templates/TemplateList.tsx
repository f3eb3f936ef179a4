import { Alert, Button, Group, Menu, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect, SearchBox } from '../ui/ListFilters';
import { formatDateTime, PagedTable, type Column } from '../ui/PagedTable';
import { StatusBadge } from '../ui/StatusBadge';
import { useListState } from '../ui/useListState';
import {
  deleteTemplate,
  listTemplates,
  qualityScores,
  rejectionReasons,
  simulateReview,
  templateCategories,
  templateStatuses,
  type SimulatorDecision,
  type TemplateOwner,
  type WabaTemplate,
} from './api';
import { TemplateBuilder, type BuilderMode } from './Builder';
import { emptyDraft, fromTemplate } from './draft';
import { Preview } from './Preview';
import { languages } from './rules';
import {
  categoryLabel,
  explained,
  languageName,
  qualityLabel,
  qualityTone,
  rejectionReasonLabel,
  rejectionReasonWords,
  templateStatusLabel,
  templateStatusTone,
} from './words';

/** reviewRefreshMs is how often the list reloads by itself while a template is in review. */
export const reviewRefreshMs = 3000;

/** TemplateAbilities say what the viewer may do with a WABA's templates; the server decides in the end. */
export interface TemplateAbilities {
  /** write: create, edit and delete templates (partner staff and client users). */
  write: boolean;
  /** simulate: decide reviews with the provider simulator (platform admins). */
  simulate: boolean;
}

const writingRoles = new Set(['partner_admin', 'partner_member', 'client_admin', 'client_member']);

/** templateAbilities gives a role's abilities on templates: platform staff only read, platform admins also drive the simulator. */
export const templateAbilities = (role?: string): TemplateAbilities => ({ write: writingRoles.has(role ?? ''), simulate: role === 'platform_admin' });

/** editableStatuses are the statuses a template may be edited in (the server refuses the others with template_not_editable). */
const editableStatuses = new Set(['approved', 'rejected', 'paused']);

/** isInReview says whether a template waits for Meta's review. */
export const isInReview = (template: WabaTemplate) => template.status === 'submitted';

const ownerKey = (owner: TemplateOwner) => (owner.partnerId ? ['partners', owner.partnerId] : ['clients', owner.clientId]);

/** templatesKey names a WABA's template lists in the query cache. */
export const templatesKey = (owner: TemplateOwner, wabaId: string) => [...ownerKey(owner), 'waba_accounts', wabaId, 'waba_templates'];

interface TemplateListProps {
  owner: TemplateOwner;
  wabaId: string;
  abilities: TemplateAbilities;
}

/**
 * TemplateList pages through one WABA's message templates with search, filters and sorting, and
 * opens the builder to create, edit or add a language. While a template is in review the list
 * reloads every few seconds, so the review's outcome shows without a reload.
 */
export function TemplateList({ owner, wabaId, abilities }: TemplateListProps) {
  const queryClient = useQueryClient();
  const list = useListState({ sort: 'name', filters: ['status', 'category', 'language'] as const });
  const query = { ...list.query, filters: { ...list.query.filters, q: list.q } };
  const key = templatesKey(owner, wabaId);
  const templates = useQuery({
    queryKey: [...key, query],
    queryFn: () => listTemplates(owner, wabaId, query),
    placeholderData: keepPreviousData,
    refetchInterval: (current) => (current.state.data?.waba_templates.some(isInReview) ? reviewRefreshMs : false),
  });
  const rows = templates.data?.waba_templates ?? [];
  const [builder, setBuilder] = useState<BuilderMode | null>(null);
  const [previewing, setPreviewing] = useState<WabaTemplate | null>(null);
  const [deleting, setDeleting] = useState<WabaTemplate | null>(null);
  const [done, setDone] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const remove = useMutation({
    mutationFn: (template: WabaTemplate) => explained(deleteTemplate(owner, wabaId, template.id ?? '')),
    onSuccess: (template) => {
      setDeleting(null);
      setDone(`${template.name} (${languageName(template.language)}) is deleted. Its name stays blocked at Meta for 30 days.`);
      return refresh();
    },
  });
  const filtered = Object.values(list.filters).some((value) => value !== '') || list.q !== '';
  const reviewing = rows.filter(isInReview).length;

  const columns: Column<WabaTemplate>[] = [
    {
      header: 'Name',
      sort: 'name',
      cell: (template) => (
        <Stack gap={2} miw={240} maw={420}>
          <Text size="sm" fw={600} ff="monospace">
            {template.name}
          </Text>
          {template.status === 'rejected' && (
            <Stack gap={0} data-testid="rejection">
              <Text size="sm" c="red">
                {rejectionReasonWords(template.rejected_reason)}
              </Text>
              {template.rejected_detail && (
                <Text size="xs" c="dimmed">
                  {template.rejected_detail}
                </Text>
              )}
            </Stack>
          )}
          {template.copied_from && (
            <Text size="xs" c="dimmed">
              Copied here by a number migration.
            </Text>
          )}
        </Stack>
      ),
    },
    { header: 'Language', sort: 'language', cell: (template) => languageName(template.language) },
    { header: 'Category', sort: 'category', cell: (template) => categoryLabel(template.category) },
    { header: 'Status', sort: 'status', cell: (template) => <StatusBadge tone={templateStatusTone(template.status)} /> },
    { header: 'Quality', cell: (template) => <StatusBadge tone={qualityTone(template.quality_score)} /> },
    {
      header: 'Changed',
      sort: 'modified_at',
      cell: (template) => {
        const by = template.modified_by?.user_name ?? template.created_by?.user_name;
        return (
          <Text size="sm">
            {formatDateTime(template.modified_at ?? template.created_at)}
            {by ? ` by ${by}` : ''}
          </Text>
        );
      },
    },
    {
      header: 'Actions',
      cell: (template) => (
        <Group gap={4} miw={220}>
          <Button size="xs" variant="subtle" onClick={() => setPreviewing(template)} aria-label={`Preview ${template.name} (${languageName(template.language)})`}>
            Preview
          </Button>
          {abilities.write && editableStatuses.has(template.status ?? '') && (
            <Button
              size="xs"
              variant="light"
              onClick={() => setBuilder({ kind: 'edit', template, start: fromTemplate(template) })}
              aria-label={`Edit ${template.name} (${languageName(template.language)})`}
            >
              Edit
            </Button>
          )}
          {abilities.write && template.status !== 'deleted' && (
            <Button
              size="xs"
              variant="light"
              onClick={() => setBuilder({ kind: 'create', start: { ...fromTemplate(template), language: '' }, sameName: true })}
              aria-label={`Add a language to ${template.name}`}
            >
              Add a language
            </Button>
          )}
          {abilities.write && template.status !== 'deleted' && (
            <Button
              size="xs"
              variant="outline"
              color="red"
              onClick={() => {
                remove.reset();
                setDeleting(template);
              }}
              aria-label={`Delete ${template.name} (${languageName(template.language)})`}
            >
              Delete
            </Button>
          )}
          {abilities.simulate && template.status !== 'deleted' && (
            <SimulatorMenu
              template={template}
              onDone={(words) => {
                setDone(words);
                void refresh();
              }}
            />
          )}
        </Group>
      ),
    },
  ];

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end" wrap="wrap">
          <SearchBox label="Search by name" placeholder="order_update" value={list.q} onSearch={list.setSearch} />
          <FilterSelect label="Status" value={list.filters.status} options={templateStatuses} format={templateStatusLabel} onChange={(value) => list.setFilter('status', value)} />
          <FilterSelect label="Category" value={list.filters.category} options={templateCategories} format={categoryLabel} onChange={(value) => list.setFilter('category', value)} />
          <FilterSelect
            label="Language"
            value={list.filters.language}
            options={[...languages].sort((a, b) => languageName(a).localeCompare(languageName(b)))}
            format={languageName}
            onChange={(value) => list.setFilter('language', value)}
          />
        </Group>
        <Group gap="xs">
          <Button variant="default" onClick={() => void templates.refetch()} loading={templates.isFetching && !templates.isPending}>
            Sync templates
          </Button>
          {abilities.write && (
            <Button onClick={() => setBuilder({ kind: 'create', start: emptyDraft() })}>New template</Button>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" aria-live="polite">
        {templates.dataUpdatedAt ? `Updated ${new Date(templates.dataUpdatedAt).toLocaleTimeString()}` : 'Loading…'}
        {reviewing > 0 ? ` · ${reviewing === 1 ? 'one template is' : `${reviewing} templates are`} in review; the list refreshes every ${reviewRefreshMs / 1000} seconds` : ''}
      </Text>
      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone('')}>
          {done}
        </Alert>
      )}
      <ErrorAlert error={templates.error} title="Could not load the templates" />
      {templates.data && (
        <PagedTable
          caption="Message templates"
          columns={columns}
          rows={rows}
          total={templates.data.total ?? 0}
          page={list.page}
          onPage={list.setPage}
          sort={list.sort}
          onSort={list.toggleSort}
          empty={filtered ? 'No template matches the search and filters.' : 'This WhatsApp Business Account has no templates yet.'}
        />
      )}
      <TemplateBuilder
        mode={builder}
        owner={owner}
        wabaId={wabaId}
        onClose={() => setBuilder(null)}
        onSaved={(template, mode) => {
          setBuilder(null);
          setDone(
            mode.kind === 'edit'
              ? `${template.name} is saved and submitted for review again.`
              : `${template.name} (${languageName(template.language)}) is submitted for review. Its status changes here when Meta has decided.`,
          );
          void refresh();
        }}
      />
      <Modal opened={previewing !== null} onClose={() => setPreviewing(null)} title={previewing ? `${previewing.name} · ${languageName(previewing.language)}` : ''}>
        {previewing && <Preview components={previewing.components ?? []} category={previewing.category} />}
      </Modal>
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete the template"
        confirmLabel="Delete the template"
        color="red"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        {deleting?.name} in {languageName(deleting?.language)} can no longer be sent. Meta keeps its name blocked for 30 days, so a new template cannot
        take it meanwhile.
      </ConfirmDialog>
    </Stack>
  );
}

type Choice = { action: 'reject'; value: string } | { action: 'quality'; value: string } | null;

/** SimulatorMenu lets a platform admin make the simulated review approve, reject, pause or disable a template, or set its quality. */
function SimulatorMenu({ template, onDone }: { template: WabaTemplate; onDone: (words: string) => void }) {
  const [choice, setChoice] = useState<Choice>(null);
  const apply = useMutation({
    mutationFn: (decision: SimulatorDecision) => explained(simulateReview(template.id ?? '', decision)),
    onSuccess: (result) => {
      setChoice(null);
      onDone(`The simulator set ${result.name} to ${templateStatusLabel(result.status ?? '')}, ${qualityLabel(result.quality_score ?? 'UNKNOWN').toLowerCase()}.`);
    },
  });
  const decide = (decision: SimulatorDecision) => {
    apply.reset();
    apply.mutate(decision);
  };
  const choose = (next: Choice) => {
    apply.reset();
    setChoice(next);
  };
  return (
    <>
      {/* The list scrolls sideways on small screens; the menu stays open while its button scrolls away. */}
      <Menu withinPortal position="bottom-end" hideDetached={false}>
        <Menu.Target>
          <Button size="xs" variant="default" aria-label={`Simulator for ${template.name} (${languageName(template.language)})`}>
            Simulator
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Make the review</Menu.Label>
          <Menu.Item onClick={() => decide({ action: 'approve' })}>Approve</Menu.Item>
          <Menu.Item onClick={() => choose({ action: 'reject', value: 'INVALID_FORMAT' })}>Reject…</Menu.Item>
          <Menu.Item onClick={() => decide({ action: 'pause' })}>Pause</Menu.Item>
          <Menu.Item onClick={() => decide({ action: 'disable' })}>Disable</Menu.Item>
          <Menu.Item onClick={() => choose({ action: 'quality', value: 'GREEN' })}>Set quality…</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {apply.error && choice === null ? <ErrorAlert error={apply.error} title="The simulator did not apply this" /> : null}
      <Modal opened={choice !== null} onClose={() => setChoice(null)} title={choice?.action === 'reject' ? `Reject ${template.name}` : `Set the quality of ${template.name}`}>
        {choice && (
          <Stack>
            <NativeSelect
              label={choice.action === 'reject' ? 'Reason' : 'Quality'}
              value={choice.value}
              onChange={(event) => setChoice({ ...choice, value: event.currentTarget.value })}
              data={
                choice.action === 'reject'
                  ? rejectionReasons.map((reason) => ({ value: reason, label: rejectionReasonLabel(reason) }))
                  : qualityScores.map((score) => ({ value: score, label: qualityLabel(score) }))
              }
              description={choice.action === 'reject' ? rejectionReasonWords(choice.value) : undefined}
            />
            <ErrorAlert error={apply.error} title="The simulator did not apply this" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setChoice(null)}>
                Keep as is
              </Button>
              <Button
                color={choice.action === 'reject' ? 'red' : undefined}
                loading={apply.isPending}
                onClick={() =>
                  decide(
                    choice.action === 'reject'
                      ? { action: 'reject', rejected_reason: choice.value as (typeof rejectionReasons)[number] }
                      : { action: 'quality', quality_score: choice.value as (typeof qualityScores)[number] },
                  )
                }
              >
                {choice.action === 'reject' ? 'Reject' : 'Set quality'}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
