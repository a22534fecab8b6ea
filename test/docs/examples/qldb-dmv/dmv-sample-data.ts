// Sample data of a motor vehicle registry, in the shapes QLDB's DMV tutorial used: plain JavaScript
// values, Dates and an ion-js Decimal, as code written for the QLDB driver passes them.
import { Decimal } from 'ion-js';

export const PERSON = [
  { FirstName: 'Ada', LastName: 'Byrne', DOB: new Date('1961-03-14'), GovId: 'BYRNEA104XK', GovIdType: 'Driver License', Address: '12 Quay Street, Galway' },
  { FirstName: 'Tomas', LastName: 'Okafor', DOB: new Date('1979-11-02'), GovId: 'OKAFOT552RM', GovIdType: 'Driver License', Address: '7 Harbour Road, Cork' },
  { FirstName: 'Mei', LastName: 'Lindqvist', DOB: new Date('1990-06-21'), GovId: '402 118 779', GovIdType: 'Passport', Address: '3 Mill Lane, Sligo' },
];

export const DRIVERS_LICENSE = [
  { PersonId: '', LicenseNumber: 'BYRNEA104XK', LicenseType: 'Full', ValidFromDate: new Date('2015-01-10'), ValidToDate: new Date('2025-01-10') },
  { PersonId: '', LicenseNumber: 'OKAFOT552RM', LicenseType: 'Learner', ValidFromDate: new Date('2019-04-01'), ValidToDate: new Date('2021-04-01') },
  { PersonId: '', LicenseNumber: 'L-402-118-779', LicenseType: 'Probationary', ValidFromDate: new Date('2020-08-15'), ValidToDate: new Date('2023-08-15') },
];

export const VEHICLE_REGISTRATION = [
  {
    VIN: '1N4AL11D75C109151',
    LicensePlateNumber: 'LEWISR261LL',
    State: 'WA',
    City: 'Seattle',
    ValidFromDate: new Date('2017-08-21'),
    ValidToDate: new Date('2030-05-11'),
    PendingPenaltyTicketAmount: new Decimal('90.25'),
    Owners: { PrimaryOwner: { PersonId: '' }, SecondaryOwners: [] as object[] },
  },
  {
    VIN: 'KM8SRDHF6EU074761',
    LicensePlateNumber: 'CA762X',
    State: 'WA',
    City: 'Kent',
    ValidFromDate: new Date('2017-09-14'),
    ValidToDate: new Date('2030-06-25'),
    PendingPenaltyTicketAmount: new Decimal('130.75'),
    Owners: { PrimaryOwner: { PersonId: '' }, SecondaryOwners: [] as object[] },
  },
];

export const VEHICLE = [
  { VIN: '1N4AL11D75C109151', Type: 'Sedan', Year: 2011, Make: 'Audi', Model: 'A5', Color: 'Silver' },
  { VIN: 'KM8SRDHF6EU074761', Type: 'Sedan', Year: 2015, Make: 'Tesla', Model: 'Model S', Color: 'Blue' },
];
