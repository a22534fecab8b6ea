/// <reference lib="dom" />
// The explorer's pages, one script for all (hash routes): the ledger's overview with its blocks
// over time, blocks a page at a time, a block, a document's history, verify (a revision's or block's proof file checked here
// against a digest the auditor brings) and a read-only PartiQL console. Data comes from the
// explorer's API; trust comes only from the verify form's checks, which run in this browser.
import { activityChart, type BlockActivity } from './activity-chart';
import { el, field, json, table } from './dom';
import { ExplorerRequestError, getJson, postJson } from './explorer-api-client';
import { revisionChanges, type DocumentData } from './revision-changes';
import { verifyForm } from './verify-form';

interface Overview {
  strandId: string;
  tip: number;
  digest: string;
  signedDigest: string | null;
  checkpointOrigin: string;
  publicKey: string | null;
}
interface BlockSummary {
  sequenceNo: number;
  transactionId: string;
  blockTimestamp: unknown;
  blockHash: string;
  revisions: number;
  events: number;
  statements: string[];
  documents: Array<{ id: string; table: string }>;
}
interface History {
  table: string;
  documentId: string;
  revisions: Array<{ version: number; sequenceNo: number; txTime: unknown; data: DocumentData }>;
}

type Route = { title: string; render: (params: URLSearchParams, parts: string[]) => Promise<Node> };

const NAV: Array<[string, string]> = [
  ['#/', 'Ledger'],
  ['#/blocks', 'Blocks'],
  ['#/verify', 'Verify'],
  ['#/query', 'Query'],
  ['#/live', 'Live'],
];

const ROUTES: Record<string, Route> = {
  '': { title: 'Ledger', render: overviewPage },
  blocks: { title: 'Blocks', render: blocksPage },
  documents: { title: 'Document history', render: historyPage },
  verify: { title: 'Verify', render: async (params) => verifyPage(params) },
  query: { title: 'Query', render: async () => queryPage() },
  live: { title: 'Live', render: livePage },
};

/** What the page on screen must stop when another replaces it (the live tail's connection). */
let leavePage: (() => void) | undefined;

/** A timestamp or other Ion value as the API gives it, as text. */
function ionText(value: unknown): string {
  if (value !== null && typeof value === 'object' && '$ion' in value) return String((value as { $ion: string }).$ion);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function link(href: string, text: string | number): HTMLAnchorElement {
  return el('a', { href }, String(text));
}

async function overviewPage(): Promise<Node> {
  const [overview, activity] = await Promise.all([getJson<Overview>('overview'), getJson<BlockActivity>('activity?periods=24')]);
  return el(
    'div',
    {},
    el('h1', {}, 'Ledger'),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Strand'),
      el('dd', {}, el('code', {}, overview.strandId)),
      el('dt', {}, 'Tip'),
      el('dd', {}, link(`#/blocks/${overview.tip}`, `block ${overview.tip}`), ` (${overview.tip + 1} blocks)`),
      el('dt', {}, 'Digest (base64)'),
      el('dd', {}, el('code', { id: 'current-digest' }, overview.digest)),
    ),
    el('p', { class: 'hint' }, 'This digest comes from the server you are auditing: to verify against it is to trust it. Compare it with one you obtained elsewhere, or keep it to check later that the ledger only grew.'),
    overview.signedDigest === null
      ? el('p', {}, 'This ledger does not sign its digests.')
      : el('section', {}, el('h2', {}, 'Signed digest'), el('pre', { id: 'signed-digest', tabindex: '0' }, overview.signedDigest), el('p', {}, 'Origin: ', el('code', {}, overview.checkpointOrigin))),
    overview.publicKey === null ? null : el('section', {}, el('h2', {}, 'Public key'), el('pre', { tabindex: '0' }, overview.publicKey)),
    activityChart(activity),
  );
}

async function blocksPage(params: URLSearchParams, parts: string[]): Promise<Node> {
  if (parts[0] !== undefined) return blockPage(Number(parts[0]));
  const last = params.get('last');
  const page = await getJson<{ tip: number; blocks: BlockSummary[]; next: number | null }>(`blocks?limit=20${last === null ? '' : `&last=${encodeURIComponent(last)}`}`);
  return el(
    'div',
    {},
    el('h1', {}, 'Blocks'),
    el('p', {}, `The tip is block ${page.tip}. Newest first, 20 to a page.`),
    table(
      'Blocks, newest first',
      ['Block', 'Committed', 'Transaction', 'Revisions', 'Events', 'Statements'],
      page.blocks.map((b) => [link(`#/blocks/${b.sequenceNo}`, b.sequenceNo), ionText(b.blockTimestamp), el('code', {}, b.transactionId), b.revisions, b.events, b.statements.join('; ')]),
    ),
    el('nav', { 'aria-label': 'Pages of blocks', class: 'pager' }, last === null ? null : link('#/blocks', 'Newest blocks'), page.next === null ? null : link(`#/blocks?last=${page.next}`, 'Older blocks')),
  );
}

async function blockPage(sequenceNo: number): Promise<Node> {
  const { summary, block } = await getJson<{ summary: BlockSummary; block: unknown; proofFile: string }>(`blocks/${sequenceNo}`);
  return el(
    'div',
    {},
    el('h1', {}, `Block ${sequenceNo}`),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Committed'),
      el('dd', {}, ionText(summary.blockTimestamp)),
      el('dt', {}, 'Transaction'),
      el('dd', {}, el('code', {}, summary.transactionId)),
      el('dt', {}, 'Block hash (base64)'),
      el('dd', {}, el('code', {}, summary.blockHash)),
    ),
    el('p', {}, link(`#/verify?kind=block&block=${sequenceNo}`, `Verify block ${sequenceNo}`)),
    summary.statements.length === 0 ? null : el('section', {}, el('h2', {}, 'Statements'), el('ol', {}, ...summary.statements.map((s) => el('li', {}, el('code', {}, s))))),
    summary.documents.length === 0
      ? null
      : table(
          'Documents the block changed',
          ['Table', 'Document', 'History', 'Proof'],
          summary.documents.map((d) => [
            d.table,
            el('code', {}, d.id),
            link(`#/documents/${encodeURIComponent(d.table)}/${encodeURIComponent(d.id)}`, 'History'),
            link(`#/verify?kind=revision&block=${sequenceNo}&document=${encodeURIComponent(d.id)}`, 'Verify this revision'),
          ]),
        ),
    el('section', {}, el('h2', {}, 'The block'), json(block, `Block ${sequenceNo} as JSON`)),
  );
}

async function historyPage(_params: URLSearchParams, parts: string[]): Promise<Node> {
  const [tableName, documentId] = parts.map(decodeURIComponent);
  const history = await getJson<History>(`documents/${encodeURIComponent(tableName)}/${encodeURIComponent(documentId)}`);
  return el(
    'div',
    {},
    el('h1', {}, `${tableName} document ${documentId}`),
    table(
      'Revisions, oldest first',
      ['Version', 'Block', 'Committed', 'Changes', 'Data', 'Proof'],
      history.revisions.map((r, i) => [
        r.version,
        link(`#/blocks/${r.sequenceNo}`, r.sequenceNo),
        ionText(r.txTime),
        el('ul', { class: 'changes' }, ...revisionChanges(i === 0 ? undefined : history.revisions[i - 1].data, r.data).map((line) => el('li', {}, line))),
        r.data === null ? el('em', {}, 'deleted') : el('pre', { tabindex: '0' }, JSON.stringify(r.data, null, 2)),
        link(`#/verify?kind=revision&block=${r.sequenceNo}&document=${encodeURIComponent(documentId)}`, `Verify version ${r.version}`),
      ]),
    ),
  );
}

const PROOF_KINDS = ['revision', 'block', 'consistency'];

/** The API path of the proof file of a revision, a block, or the current digest's consistency with the one at a block. */
function proofPath(kind: string, block: string, documentId: string): string {
  const n = encodeURIComponent(block);
  if (kind === 'consistency') return `consistency/${n}`;
  return kind === 'block' ? `blocks/${n}` : `blocks/${n}/revisions/${encodeURIComponent(documentId)}`;
}

function verifyPage(params: URLSearchParams): Node {
  const form = verifyForm();
  const kind = el(
    'select',
    { id: 'proof-kind' },
    el('option', { value: 'revision' }, "A document's revision"),
    el('option', { value: 'block' }, 'A block'),
    el('option', { value: 'consistency' }, 'That the ledger only grew since a digest you hold'),
  );
  kind.value = PROOF_KINDS.includes(params.get('kind') ?? '') ? params.get('kind')! : 'revision';
  const block = el('input', { id: 'proof-block', type: 'number', min: '0', inputmode: 'numeric', value: params.get('block') ?? '' });
  const documentId = el('input', { id: 'proof-document', type: 'text', spellcheck: 'false', value: params.get('document') ?? '' });
  const status = el('p', { id: 'fetch-status', 'aria-live': 'polite' });
  const fetchForm = el('form', { class: 'fetch-form' }, field('What to prove', kind), field('Block number', block, 'For the ledger having only grown: the tip block of the digest you hold.'), field('Document id (for a revision)', documentId), el('button', { type: 'submit', id: 'fetch-proof' }, 'Fetch its proof file'), status);
  fetchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const path = proofPath(kind.value, block.value, documentId.value);
    status.textContent = 'Fetching…';
    getJson<{ proofFile: string }>(path).then(
      (answer) => {
        form.setProofFile(answer.proofFile);
        status.textContent = 'Proof file fetched: paste the digest you trust and verify it.';
      },
      (error: Error) => {
        status.textContent = `Could not fetch the proof file: ${error.message}`;
      },
    );
  });
  return el('div', {}, el('h1', {}, 'Verify'), el('section', { 'aria-labelledby': 'fetch-heading' }, el('h2', { id: 'fetch-heading' }, '1. Get a proof file from the ledger'), fetchForm), el('section', { 'aria-labelledby': 'check-heading' }, el('h2', { id: 'check-heading' }, '2. Check it here'), form.element));
}

function queryPage(): Node {
  const statement = el('textarea', { id: 'statement', rows: '4', spellcheck: 'false', class: 'code' });
  const result = el('section', { id: 'query-result', 'aria-live': 'polite', 'aria-label': 'Result' });
  const form = el('form', {}, field('PartiQL query', statement, 'Queries only (SELECT, EXPLAIN): the explorer refuses statements that write.'), el('button', { type: 'submit', id: 'run-query' }, 'Run'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    postJson<{ rows: unknown[]; truncated: boolean }>('query', { statement: statement.value }).then(
      (answer) => result.replaceChildren(el('p', {}, `${answer.rows.length} value(s)${answer.truncated ? ', the first ones only' : ''}.`), json(answer.rows, 'Query result')),
      (error: Error) => result.replaceChildren(el('p', { role: 'alert', class: 'error', 'data-code': error instanceof ExplorerRequestError ? error.code : 'ERROR' }, `Refused: ${error.message}`)),
    );
  });
  return el('div', {}, el('h1', {}, 'Query'), form, result);
}

/** The blocks committed after the tip the page saw, as they are committed. */
async function livePage(): Promise<Node> {
  const { tip } = await getJson<Overview>('overview');
  const list = el('ol', { id: 'live-blocks', reversed: true });
  const status = el('p', { id: 'live-status', 'aria-live': 'polite' }, 'Connecting…');
  const source = new EventSource(`api/tail?from=${tip + 1}`);
  source.onopen = () => (status.textContent = 'Waiting for new blocks (they appear here as they are committed).');
  source.onerror = () => (status.textContent = 'The connection to the ledger is interrupted; retrying.');
  source.onmessage = (message) => {
    const block = JSON.parse(message.data as string) as BlockSummary;
    list.prepend(el('li', {}, link(`#/blocks/${block.sequenceNo}`, `Block ${block.sequenceNo}`), ` at ${ionText(block.blockTimestamp)}: ${block.revisions} revision(s), ${block.events} event(s); ${block.statements.join('; ')}`));
    status.textContent = `Block ${block.sequenceNo} committed.`;
  };
  leavePage = () => source.close();
  return el('div', {}, el('h1', {}, 'Live'), status, list);
}

/** Renders the route of the location's hash into main, and moves focus there. */
async function route(): Promise<void> {
  leavePage?.();
  leavePage = undefined;
  const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...parts] = path.split('/').filter((p) => p !== '');
  const page = ROUTES[name] ?? ROUTES[''];
  const main = document.getElementById('main')!;
  document.title = `${page.title} · Ledger explorer`;
  document.querySelectorAll('header nav a').forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('href') === `#/${name}`));
  try {
    main.replaceChildren(await page.render(new URLSearchParams(query), parts));
  } catch (error) {
    main.replaceChildren(el('h1', {}, page.title), el('p', { role: 'alert', class: 'error' }, `Could not load this page: ${(error as Error).message}`));
  }
  main.dataset.page = name === 'blocks' && parts.length > 0 ? 'block' : name || 'ledger';
  main.focus();
}

function start(): void {
  history.replaceState(null, '', new URL(location.hash, document.baseURI).href);
  document.querySelector('header nav')!.replaceChildren(el('ul', {}, ...NAV.map(([href, text]) => el('li', {}, link(href, text)))));
  window.addEventListener('hashchange', () => void route());
  void route();
}

start();
