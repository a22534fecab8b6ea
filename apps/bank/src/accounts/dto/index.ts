// The accounts API's request bodies and responses.
export { OpenAccountDto } from './open-account.dto';
export { AmountDto, AMOUNT_MESSAGE } from './amount.dto';
export { TransferDto } from './transfer.dto';
export { BlockAddressDto } from './block-address.dto';
export { AccountDto } from './account.dto';
export { AccountReceiptDto } from './account-receipt.dto';
export { TransferReceiptDto } from './transfer-receipt.dto';
export { AccountRevisionDto } from './account-revision.dto';
export { PageQueryDto } from './page-query.dto';
