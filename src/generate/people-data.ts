/** Given names as they occur among the shop's customers (Germany and Austria). */
export const FIRST_NAMES = [
  'Anna', 'Lena', 'Marie', 'Sophie', 'Laura', 'Julia', 'Hannah', 'Lea', 'Emma', 'Mia', 'Sarah', 'Katharina',
  'Johanna', 'Clara', 'Elif', 'Ayse', 'Fatma', 'Zeynep', 'Olga', 'Natalia', 'Sabine', 'Petra', 'Monika', 'Claudia',
  'Ingrid', 'Ursula', 'Nina', 'Franziska', 'Charlotte', 'Isabel', 'Lukas', 'Jonas', 'Leon', 'Felix', 'Paul', 'Maximilian',
  'Elias', 'Noah', 'Finn', 'Ben', 'Tobias', 'Sebastian', 'Michael', 'Thomas', 'Andreas', 'Stefan', 'Christian', 'Markus',
  'Jürgen', 'Klaus', 'Wolfgang', 'Peter', 'Mehmet', 'Mustafa', 'Ali', 'Emre', 'Luca', 'Marco', 'Piotr', 'Tomasz', 'David',
  'Daniel', 'Jan', 'Niklas', 'Moritz', 'Florian',
] as const;

/** Family names. */
export const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer',
  'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze',
  'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz',
  'Möller', 'Weiß', 'Jung', 'Hahn', 'Vogel', 'Yilmaz', 'Kaya', 'Demir', 'Şahin', 'Nowak', 'Kowalski', 'Rossi',
  'Ivanova', 'Gruber', 'Berger', 'Winkler', 'Lorenz', 'Baumann', 'Franke', 'Albrecht',
] as const;

/** A city, its postcode range and telephone area code. */
export interface City {
  name: string;
  country: 'DE' | 'AT';
  postcodeFrom: number;
  postcodeTo: number;
  /** National area code without the trunk 0, e.g. "30" for Berlin. */
  areaCode: string;
  /** Store the inhabitants shop at (an index into STORES). */
  store: number;
  weight: number;
}

/** The shop's five stores; all keep Europe/Berlin time. */
export const STORES = ['ST-BER-01', 'ST-HAM-01', 'ST-MUC-01', 'ST-KOE-01', 'ST-FRA-01'] as const;

/** Where customers live (weights roughly follow population). */
export const CITIES: readonly City[] = [
  { name: 'Berlin', country: 'DE', postcodeFrom: 10115, postcodeTo: 14199, areaCode: '30', store: 0, weight: 3.7 },
  { name: 'Hamburg', country: 'DE', postcodeFrom: 20095, postcodeTo: 22769, areaCode: '40', store: 1, weight: 1.9 },
  { name: 'München', country: 'DE', postcodeFrom: 80331, postcodeTo: 81929, areaCode: '89', store: 2, weight: 1.5 },
  { name: 'Köln', country: 'DE', postcodeFrom: 50667, postcodeTo: 51149, areaCode: '221', store: 3, weight: 1.1 },
  { name: 'Frankfurt am Main', country: 'DE', postcodeFrom: 60306, postcodeTo: 60599, areaCode: '69', store: 4, weight: 0.8 },
  { name: 'Stuttgart', country: 'DE', postcodeFrom: 70173, postcodeTo: 70619, areaCode: '711', store: 4, weight: 0.6 },
  { name: 'Düsseldorf', country: 'DE', postcodeFrom: 40210, postcodeTo: 40629, areaCode: '211', store: 3, weight: 0.6 },
  { name: 'Leipzig', country: 'DE', postcodeFrom: 4103, postcodeTo: 4357, areaCode: '341', store: 0, weight: 0.6 },
  { name: 'Dresden', country: 'DE', postcodeFrom: 1067, postcodeTo: 1328, areaCode: '351', store: 0, weight: 0.55 },
  { name: 'Hannover', country: 'DE', postcodeFrom: 30159, postcodeTo: 30669, areaCode: '511', store: 1, weight: 0.5 },
  { name: 'Nürnberg', country: 'DE', postcodeFrom: 90402, postcodeTo: 90491, areaCode: '911', store: 2, weight: 0.5 },
  { name: 'Bremen', country: 'DE', postcodeFrom: 28195, postcodeTo: 28779, areaCode: '421', store: 1, weight: 0.55 },
  { name: 'Wien', country: 'AT', postcodeFrom: 1010, postcodeTo: 1230, areaCode: '1', store: 2, weight: 0.5 },
  { name: 'Graz', country: 'AT', postcodeFrom: 8010, postcodeTo: 8063, areaCode: '316', store: 2, weight: 0.15 },
];

/** E-mail providers with their popularity among German-speaking shoppers. */
export const EMAIL_DOMAINS: Readonly<Record<string, number>> = {
  'gmail.com': 3, 'gmx.de': 2.5, 'web.de': 2.5, 't-online.de': 1.2, 'outlook.com': 1, 'yahoo.de': 0.6,
  'icloud.com': 0.8, 'posteo.de': 0.3, 'gmx.at': 0.2, 'hotmail.com': 0.4,
};

/** Misspelt providers that real sign-up forms collect. */
export const DOMAIN_TYPOS: Readonly<Record<string, readonly string[]>> = {
  'gmail.com': ['gmial.com', 'gmail.con', 'gmai.com', 'gnail.com'],
  'gmx.de': ['gmx.dee', 'gmx.d', 'gxm.de'],
  'web.de': ['wep.de', 'web.dr', 'weeb.de'],
  't-online.de': ['t-onlin.de', 'tonline.de'],
  'outlook.com': ['outlok.com', 'outlook.co'],
  'yahoo.de': ['yaho.de', 'yahoo.dd'],
  'icloud.com': ['iclod.com', 'icloud.co'],
  'posteo.de': ['posteo.d', 'postoe.de'],
  'gmx.at': ['gmx.att', 'gmx.a'],
  'hotmail.com': ['hotmial.com', 'hotmail.co'],
};
