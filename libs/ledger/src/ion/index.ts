// Ion values, the codec and the Ion hash.
export * from './ion-value';
export { IonTypeError } from './ion-type.error';
export { ionHash } from './ion-hash';
export { FieldDigest, IonHashSerializer } from './ion-hash-serializer';
