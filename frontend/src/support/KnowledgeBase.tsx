import { Anchor, Badge, Button, Group, Modal, NativeSelect, Stack, Switch, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSignedIn } from '../app/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FilterSelect } from '../ui/ListFilters';
import { characters } from '../ui/rules';
import { createArticle, deleteArticle, languages, listArticles, type Article, type ArticleChanges, updateArticle } from './api';
import { useTopics } from './useTopics';
import { explained, languageLabel } from './words';

/** The server's limits on an article. */
export const titleMax = 200;
export const articleBodyMax = 20_000;
export const urlMax = 2048;

/** ArticleValues are the article form's values. */
export interface ArticleValues {
  topic: string;
  title: string;
  body: string;
  url: string;
  language: string;
  published: boolean;
}

/** articleProblems checks an article as the server does, keyed by field. */
export function articleProblems(values: ArticleValues): Partial<Record<keyof ArticleValues, string>> {
  const problems: Partial<Record<keyof ArticleValues, string>> = {};
  if (!values.topic) problems.topic = 'Choose the topic the article helps with.';
  const title = values.title.trim();
  if (!title) problems.title = 'Give the article a title.';
  else if (characters(title) > titleMax) problems.title = `A title can be at most ${titleMax} characters (${characters(title)} now).`;
  if (characters(values.body) > articleBodyMax) problems.body = `The text can be at most ${articleBodyMax} characters (${characters(values.body)} now).`;
  const url = values.url.trim();
  if (url) {
    let ok = false;
    try {
      const parsed = new URL(url);
      ok = (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.host !== '';
    } catch {
      ok = false;
    }
    if (!ok || url.length > urlMax) problems.url = 'Enter a web address starting with https:// (or leave it empty).';
  }
  return problems;
}

const valuesOf = (article?: Article): ArticleValues => ({
  topic: article?.topic ?? '',
  title: article?.title ?? '',
  body: article?.body ?? '',
  url: article?.url ?? '',
  language: article?.language ?? 'en',
  published: article?.published ?? true,
});

/** articleRequest builds what the form sends: trimmed, an emptied link removed ("url": ""). */
export const articleRequest = (values: ArticleValues): ArticleChanges => ({
  topic: values.topic,
  title: values.title.trim(),
  body: values.body,
  url: values.url.trim(),
  language: values.language,
  published: values.published,
});

function ArticleDialog({ article, opened, onClose }: { article: Article | null; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { list } = useTopics();
  const [values, setValues] = useState<ArticleValues>(() => valuesOf(article ?? undefined));
  const [attempted, setAttempted] = useState(false);
  const problems = articleProblems(values);
  const set = (changes: Partial<ArticleValues>) => setValues((current) => ({ ...current, ...changes }));
  const shown = (key: keyof ArticleValues) => (attempted || (typeof values[key] === 'string' && values[key] !== '') ? (problems[key] ?? null) : null);
  const save = useMutation({
    mutationFn: () => explained(article?.id ? updateArticle(article.id, articleRequest(values)) : createArticle(articleRequest(values))),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['support', 'articles'] });
      void queryClient.invalidateQueries({ queryKey: ['support', 'topics'] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={article ? 'Change the article' : 'New article'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <NativeSelect
            label="Topic"
            value={values.topic}
            onChange={(event) => set({ topic: event.currentTarget.value })}
            data={[{ value: '', label: 'Choose a topic' }, ...list.map((topic) => ({ value: topic.key ?? '', label: topic.name ?? '' }))]}
            error={shown('topic')}
            required
          />
          <TextInput label="Title" value={values.title} onChange={(event) => set({ title: event.currentTarget.value })} error={shown('title')} required />
          <Textarea label="Text" value={values.body} onChange={(event) => set({ body: event.currentTarget.value })} error={shown('body')} autosize minRows={4} maxRows={14} />
          <TextInput label="Link (optional)" placeholder="https://docs.example.com/…" value={values.url} onChange={(event) => set({ url: event.currentTarget.value })} error={shown('url')} />
          <Group grow>
            <NativeSelect
              label="Language"
              value={values.language}
              onChange={(event) => set({ language: event.currentTarget.value })}
              data={languages.map((language) => ({ value: language, label: languageLabel(language) }))}
            />
            <Switch
              mt="lg"
              label="Published (suggested to requesters)"
              checked={values.published}
              onChange={(event) => set({ published: event.currentTarget.checked })}
            />
          </Group>
          <ErrorAlert error={save.error} title="The article was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {article ? 'Save changes' : 'Add article'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * KnowledgeBase lists the articles suggested to requesters per topic before they open a ticket.
 * Platform admins add, change, unpublish and delete them; support agents read them.
 */
export function KnowledgeBase() {
  const { user } = useSignedIn();
  const admin = user.role === 'platform_admin';
  const queryClient = useQueryClient();
  const { list, topicName } = useTopics();
  const [topic, setTopic] = useState('');
  const articles = useQuery({ queryKey: ['support', 'articles', topic], queryFn: () => explained(listArticles(topic)) });
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Article | null>(null);
  const remove = useMutation({
    mutationFn: (article: Article) => explained(deleteArticle(article.id ?? '')),
    onSuccess: () => {
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: ['support', 'articles'] });
      void queryClient.invalidateQueries({ queryKey: ['support', 'topics'] });
    },
  });
  const rows = articles.data?.kb_articles ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Knowledge base</Title>
        {admin && <Button onClick={() => setEditing('new')}>New article</Button>}
      </Group>
      <Text c="dimmed" size="sm">
        Published articles of a topic are suggested to requesters before they open a ticket, and sent as an automated message — which never counts as support's first
        response.
      </Text>
      <Group>
        <FilterSelect label="Topic" value={topic} options={list.map((item) => item.key ?? '')} format={topicName} onChange={setTopic} />
      </Group>
      <ErrorAlert error={articles.error} title="Could not load the articles" />
      {articles.data && (
        <Table aria-label="Knowledge-base articles" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>Topic</Table.Th>
              <Table.Th>Language</Table.Th>
              <Table.Th>State</Table.Th>
              {admin && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((article) => (
              <Table.Tr key={article.id}>
                <Table.Td>{article.url ? <Anchor href={article.url} target="_blank" rel="noreferrer">{article.title}</Anchor> : article.title}</Table.Td>
                <Table.Td>{topicName(article.topic)}</Table.Td>
                <Table.Td>{languageLabel(article.language)}</Table.Td>
                <Table.Td>{article.published ? <Badge color="green">Published</Badge> : <Badge color="gray">Draft</Badge>}</Table.Td>
                {admin && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" aria-label={`Change ${article.title}`} onClick={() => setEditing(article)}>
                        Change
                      </Button>
                      <Button size="compact-xs" variant="subtle" color="red" aria-label={`Delete ${article.title}`} onClick={() => (remove.reset(), setDeleting(article))}>
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {articles.data && rows.length === 0 && <Text c="dimmed">{topic ? 'No article for this topic yet.' : 'No articles yet.'}</Text>}
      {editing !== null && <ArticleDialog key={editing === 'new' ? 'new' : editing.id} article={editing === 'new' ? null : editing} opened onClose={() => setEditing(null)} />}
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete the article"
        confirmLabel="Delete"
        color="red"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        “{deleting?.title}” is no longer suggested. To keep it but stop suggesting it, unpublish it instead.
      </ConfirmDialog>
    </Stack>
  );
}
