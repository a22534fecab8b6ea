/// <reference lib="dom" />
// The offline verifier page: the verify form alone, in one HTML file with its script inlined, that
// works from file:// with no server (`ledger verifier-page <out.html>` writes it).
import { el } from './dom';
import { verifyForm } from './verify-form';

function start(): void {
  const main = document.getElementById('main')!;
  main.replaceChildren(
    el('h1', {}, 'Verify a ledger proof file'),
    el('p', {}, 'This page needs no server and makes no request: open a proof file saved from the ledger (`ledger revision`, `ledger block`, the explorer, an audit endpoint), paste the digest you trust, and verify.'),
    verifyForm().element,
  );
  main.dataset.page = 'offline-verifier';
}

start();
