// What journal streams offer the layers above them inside this library (the engine, event sourcing)
// and not the package's users: the commit hub, the record reader, option parsing and RxJS loaded on first use.
export { CommitHub } from './commit-hub';
export { recordReaderOpener } from './record-stream';
export { optionsObject, pagingOf, streamStart } from './stream-options';
export { rxjs } from './rxjs';
