// What a statement cost, in the QLDB driver's shapes. QLDB billed read IOs; nothing here counts them,
// so Result.getConsumedIOs() answers null (as the driver did when QLDB reported none). Processing time
// is the time the statement ran in this process.

export class IOUsage {
  constructor(private readonly readIOs: number) {}

  getReadIOs(): number {
    return this.readIOs;
  }
}

export class TimingInformation {
  constructor(private readonly processingTimeMilliseconds: number) {}

  getProcessingTimeMilliseconds(): number {
    return this.processingTimeMilliseconds;
  }
}
