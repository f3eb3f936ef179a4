import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import type { Article } from './api';
import { articleProblems, articleRequest } from './KnowledgeBase';

const topics = { topics: [{ key: 'templates', name: 'Message templates' }, { key: 'billing', name: 'Billing' }] };
const article: Article = { id: 'k1KB', topic: 'templates', title: 'Why templates get rejected', body: 'Variables…', language: 'en', published: true };

describe('knowledge-base articles', () => {
  it('checks an article as the server does', () => {
    const good = { topic: 'templates', title: ' Why ', body: '', url: '', language: 'en', published: true };
    expect(articleProblems(good)).toEqual({});
    expect(articleProblems({ ...good, topic: '', title: ' ', url: 'ftp://x.example' })).toEqual({
      topic: 'Choose the topic the article helps with.',
      title: 'Give the article a title.',
      url: 'Enter a web address starting with https:// (or leave it empty).',
    });
    expect(articleProblems({ ...good, title: 'x'.repeat(201) }).title).toBe('A title can be at most 200 characters (201 now).');
    expect(articleProblems({ ...good, body: 'x'.repeat(20_001) }).body).toBe('The text can be at most 20000 characters (20001 now).');
    expect(articleRequest({ ...good, url: ' ' })).toEqual({ topic: 'templates', title: 'Why', body: '', url: '', language: 'en', published: true });
  });

  it('a platform admin adds an article and unpublishes another', async () => {
    await signInAs('platform_admin');
    const fetchMock = fakeServer({
      'GET /api/v2/support/topics': () => json(200, topics),
      'GET /api/v2/support/kb_articles': () => json(200, { kb_articles: [article] }),
      'POST /api/v2/support/kb_articles': () => json(201, { ...article, id: 'k2KB' }),
      'PATCH /api/v2/support/kb_articles/k1KB': () => json(200, { ...article, published: false }),
    });
    renderApp('/operator/knowledge-base');
    const table = await screen.findByRole('table', { name: 'Knowledge-base articles' });
    expect(await within(table).findByText('Message templates')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'New article' }));
    const dialog = await screen.findByRole('dialog', { name: 'New article' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add article' }));
    expect(await within(dialog).findByText('Give the article a title.')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByRole('combobox', { name: /^Topic/ }), { target: { value: 'billing' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Title/ }), { target: { value: 'Reading your invoice' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Link (optional)' }), { target: { value: 'https://docs.example.com/billing' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add article' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New article' })).toBeNull());
    expect(await bodiesOf(fetchMock, 'POST /api/v2/support/kb_articles')).toEqual([
      { topic: 'billing', title: 'Reading your invoice', body: '', url: 'https://docs.example.com/billing', language: 'en', published: true },
    ]);

    fireEvent.click(within(table).getByRole('button', { name: 'Change Why templates get rejected' }));
    const change = await screen.findByRole('dialog', { name: 'Change the article' });
    fireEvent.click(within(change).getByRole('switch', { name: /Published/ }));
    fireEvent.click(within(change).getByRole('button', { name: 'Save changes' }));
    await waitFor(async () => expect(((await bodiesOf(fetchMock, 'PATCH /api/v2/support/kb_articles/k1KB'))[0] as Article).published).toBe(false));
  });

  it('support agents read the articles and set their languages in the queue', async () => {
    await signInAs('support_agent');
    let mine = ['en'];
    const fetchMock = fakeServer({
      'GET /api/v2/support/topics': () => json(200, topics),
      'GET /api/v2/support/kb_articles': () => json(200, { kb_articles: [article] }),
      'GET /api/v2/support/queue': () => json(200, { count: 0, total: 0, limit: 20, offset: 0, tickets: [] }),
      'GET /api/v2/support/agents': () => json(200, { agents: [{ id: 'u-support_agent', name: 'Sam', languages: mine }] }),
      'PUT /api/v2/support/agents/u-support_agent/languages': async (request) => {
        mine = ((await request.json()) as { languages: string[] }).languages;
        return json(200, { id: 'u-support_agent', languages: mine });
      },
    });
    renderApp('/operator/knowledge-base');
    expect(await screen.findByText('Why templates get rejected')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New article' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Change / })).toBeNull();

    fireEvent.click(screen.getByRole('link', { name: 'Ticket queue' }));
    const group = await screen.findByRole('group', { name: 'Languages you answer in' });
    expect(within(group).getByRole('checkbox', { name: 'English' })).toBeChecked();
    fireEvent.click(within(group).getByRole('checkbox', { name: 'German' }));
    fireEvent.click(within(group).getByRole('button', { name: 'Save languages' }));
    expect(await within(group).findByText('Saved.')).toBeInTheDocument();
    expect(await bodiesOf(fetchMock, 'PUT /api/v2/support/agents/u-support_agent/languages')).toEqual([{ languages: ['en', 'de'] }]);
    expect(screen.getByText('The queue is empty: every ticket is answered.')).toBeInTheDocument();
  });
});
