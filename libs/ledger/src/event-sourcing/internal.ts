// What event sourcing offers the layers above it inside this library (projections, the Nest module)
// and not the package's users: reading an event class's declared type, rebuilding events, and the
// events a block holds.
export { declareEventType, eventTypeOfClass, isDeclaredEventClass, rebuildEvent } from './event-type';
export { isDeclaredCommandClass } from './command.decorator';
export { recordedEvents } from './recorded-event';
