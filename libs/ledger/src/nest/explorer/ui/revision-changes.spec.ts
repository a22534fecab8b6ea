// The history page's differences between consecutive revisions of a document.
import { revisionChanges } from './revision-changes';

describe('revisionChanges', () => {
  it('says created, deleted and re-created', () => {
    expect(revisionChanges(undefined, { a: 1 })).toEqual(['created']);
    expect(revisionChanges({ a: 1 }, null)).toEqual(['deleted']);
    expect(revisionChanges(null, { a: 1 })).toEqual(['re-created']);
  });

  it('lists changed, added and removed fields, Ion values by their text, and nothing for equal ones', () => {
    const before = { owner: 'Ana', balance: { $ion: '100.00' }, note: 'x', tags: ['a'] };
    const after = { owner: 'Ana', balance: { $ion: '250.00' }, tags: ['a'], branch: 7 };
    expect(revisionChanges(before, after)).toEqual(['balance: 100.00 → 250.00', 'note removed (was "x")', 'branch: 7 added']);
    expect(revisionChanges(after, after)).toEqual([]);
  });
});
