// Sinks: adapters that forward stream records to other systems. Not exported by the package's main
// entry point (their client libraries stay optional): import them from `nestjs-ledger/sinks`.
export { KafkaSink, type KafkaSinkOptions, type KafkaRecordProducer, type KafkaRecordMessage } from './kafka-sink';
