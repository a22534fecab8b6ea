// Ion values, the codec and the Ion hash.
export * from './ion-value';
