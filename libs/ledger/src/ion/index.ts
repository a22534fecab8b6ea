// Ion values, the codec and the Ion hash.
export * from './ion-value';
export { IonFormatError } from './ion-format.error';
export { IonTypeError } from './ion-type.error';
export { fromIon, IonFormat, toIon } from './ion-codec';
export { ionFieldDigest, ionHash, ionHashWithFieldDigests } from './ion-hash';
export { ionHashOfBinary } from './ion-binary-hash';
export { FieldDigest, IonHashSerializer } from './ion-hash-serializer';
export { fromIonJson, ION_JSON_FIELD, toIonJson, type JsonValue } from './ion-json';
export { readIonStream } from './ion-stream-reader';
export { isIonJsDomValue } from './ion-js-dom';
export { toIonValue } from './ion-input';
export { type SqlParameter, toSqlParameter } from './ion-sql-parameter';
