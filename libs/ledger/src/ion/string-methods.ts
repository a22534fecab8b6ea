// String.prototype methods for hot paths, called as `charCodeAt.call(text, i)`. ion-js subclasses
// String (its dom.String), after which V8 on Node 20 no longer inlines a method called on a string
// (`text.charCodeAt(i)` runs several times slower); a call through the method itself still is.
export const charCodeAt = String.prototype.charCodeAt;
export const indexOf = String.prototype.indexOf;
