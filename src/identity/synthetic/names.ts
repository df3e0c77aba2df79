/**
 * Name, street and place pools for the synthetic person files, most common first: a person's
 * name is drawn with Zipf weights (rank^-0.9), so common names repeat across different people
 * as they do in real registers ("Thomas Müller" is many people).
 */
export const GIVEN_NAMES = [
  'Thomas', 'Michael', 'Andreas', 'Stefan', 'Christian', 'Anna', 'Maria', 'Sabine', 'Peter', 'Julia', 'Daniel', 'Katharina',
  'Markus', 'Laura', 'Alexander', 'Sarah', 'Martin', 'Lisa', 'Frank', 'Claudia', 'Jan', 'Monika', 'Tobias', 'Petra',
  'Sebastian', 'Susanne', 'Florian', 'Nicole', 'Matthias', 'Andrea', 'Lukas', 'Lena', 'Jonas', 'Hannah', 'Leon', 'Sophie',
  'Felix', 'Marie', 'Paul', 'Emma', 'Maximilian', 'Mia', 'Niklas', 'Johanna', 'Moritz', 'Clara', 'David', 'Franziska',
  'Simon', 'Charlotte', 'Philipp', 'Elena', 'Benjamin', 'Ursula', 'Wolfgang', 'Ingrid', 'Jürgen', 'Renate', 'Klaus', 'Helga',
  'Dieter', 'Gisela', 'Uwe', 'Brigitte', 'Bernd', 'Karin', 'Rainer', 'Elke', 'Holger', 'Birgit', 'Ralf', 'Heike',
  'Jörg', 'Silke', 'Dirk', 'Anja', 'Sven', 'Tanja', 'Oliver', 'Stephanie', 'Marco', 'Melanie', 'Patrick', 'Christina',
  'Dennis', 'Jessica', 'Kevin', 'Jennifer', 'Marcel', 'Vanessa', 'Mehmet', 'Ayşe', 'Mustafa', 'Fatma', 'Ahmet', 'Elif',
  'Emre', 'Zeynep', 'Murat', 'Merve', 'Piotr', 'Agnieszka', 'Tomasz', 'Katarzyna', 'Krzysztof', 'Magdalena', 'Luca', 'Giulia',
  'Marco', 'Francesca', 'Ivan', 'Olga', 'Sergej', 'Natalia', 'Dmitri', 'Svetlana', 'Georg', 'Theresa', 'Konstantin', 'Veronika',
  'Ferdinand', 'Henriette', 'Ludwig', 'Mathilde', 'Valentin', 'Amelie', 'Vincent', 'Ida', 'Anton', 'Frieda', 'Emil', 'Greta',
  'Oskar', 'Luise', 'Carl', 'Pauline', 'Karl', 'Ella', 'Friedrich', 'Lotte', 'Johann', 'Rosa', 'Hans', 'Irmgard',
  'Gerhard', 'Erika', 'Werner', 'Ilse', 'Horst', 'Hildegard', 'Manfred', 'Waltraud', 'Günter', 'Christa', 'Heinz', 'Gertrud',
  'Stephan', 'Kristina', 'Philip', 'Katrin', 'Jannik', 'Lea', 'Finn', 'Nele', 'Elias', 'Mila', 'Noah', 'Emilia',
] as const;

export const FAMILY_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch',
  'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann',
  'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann',
  'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung',
  'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz',
  'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus', 'Martin', 'Schumacher', 'Krämer',
  'Vogt', 'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich', 'Brandt', 'Haas', 'Schreiber', 'Graf',
  'Schulte', 'Dietrich', 'Ziegler', 'Kuhn', 'Kühn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann', 'Thomas', 'Voigt',
  'Sauer', 'Arnold', 'Wolff', 'Pfeiffer', 'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk',
  'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński',
  'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci',
  'Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Petrov', 'Sokolov', 'Lebedev', 'Novak', 'Horvat', 'Kovačević', 'Gruber', 'Wallner',
  'Eder', 'Pichler', 'Moser', 'Steiner', 'Hofer', 'Leitner', 'Mayr', 'Brunner', 'Lechner', 'Fink', 'Haider', 'Schwaiger',
  'Lindner', 'Ebner', 'Aigner', 'Reiter', 'Egger', 'Holzer', 'Auer', 'Wimmer', 'Ertl', 'Kastner', 'Strasser', 'Baumgartner',
  'Gärtner', 'Wendt', 'Nagel', 'Marx', 'Kessler', 'Ernst', 'Ulrich', 'Frey', 'Thiel', 'Hein', 'Bock', 'Kurz',
  'Hermann', 'Schenk', 'Beyer', 'Krebs', 'Böttcher', 'Schütz', 'Wittmann', 'Kaufmann', 'Hoppe', 'Brinkmann', 'Hartung', 'Ritter',
  'Kolb', 'Schilling', 'Brenner', 'Adam', 'Heller', 'Kramer', 'Riedel', 'Seifert', 'Haase', 'Hübner', 'Sander', 'Lutz',
  'Fiedler', 'Lorenzen', 'Jansen', 'Hansen', 'Petersen', 'Nielsen', 'Christiansen', 'Paulsen', 'Thomsen', 'Carstensen', 'Janssen', 'Dittrich',
] as const;

/** Places with their postcode ranges and phone area codes (without the trunk 0). */
export const PLACES = [
  { city: 'Berlin', from: 10115, to: 14199, area: '30', weight: 3.7 },
  { city: 'Hamburg', from: 20095, to: 22769, area: '40', weight: 1.9 },
  { city: 'München', from: 80331, to: 81929, area: '89', weight: 1.5 },
  { city: 'Köln', from: 50667, to: 51149, area: '221', weight: 1.1 },
  { city: 'Frankfurt am Main', from: 60306, to: 60599, area: '69', weight: 0.8 },
  { city: 'Stuttgart', from: 70173, to: 70619, area: '711', weight: 0.6 },
  { city: 'Düsseldorf', from: 40210, to: 40629, area: '211', weight: 0.6 },
  { city: 'Leipzig', from: 4103, to: 4357, area: '341', weight: 0.6 },
  { city: 'Dortmund', from: 44135, to: 44388, area: '231', weight: 0.6 },
  { city: 'Essen', from: 45127, to: 45359, area: '201', weight: 0.6 },
  { city: 'Bremen', from: 28195, to: 28779, area: '421', weight: 0.55 },
  { city: 'Dresden', from: 1067, to: 1328, area: '351', weight: 0.55 },
  { city: 'Hannover', from: 30159, to: 30669, area: '511', weight: 0.5 },
  { city: 'Nürnberg', from: 90402, to: 90491, area: '911', weight: 0.5 },
  { city: 'Duisburg', from: 47051, to: 47279, area: '203', weight: 0.5 },
  { city: 'Bochum', from: 44787, to: 44894, area: '234', weight: 0.35 },
  { city: 'Wuppertal', from: 42103, to: 42399, area: '202', weight: 0.35 },
  { city: 'Bielefeld', from: 33602, to: 33739, area: '521', weight: 0.33 },
  { city: 'Bonn', from: 53111, to: 53229, area: '228', weight: 0.33 },
  { city: 'Münster', from: 48143, to: 48167, area: '251', weight: 0.31 },
  { city: 'Mannheim', from: 68159, to: 68309, area: '621', weight: 0.31 },
  { city: 'Karlsruhe', from: 76131, to: 76229, area: '721', weight: 0.3 },
  { city: 'Augsburg', from: 86150, to: 86199, area: '821', weight: 0.3 },
  { city: 'Wiesbaden', from: 65183, to: 65207, area: '611', weight: 0.28 },
  { city: 'Mönchengladbach', from: 41061, to: 41239, area: '2161', weight: 0.26 },
  { city: 'Gelsenkirchen', from: 45879, to: 45899, area: '209', weight: 0.26 },
  { city: 'Aachen', from: 52062, to: 52080, area: '241', weight: 0.25 },
  { city: 'Braunschweig', from: 38100, to: 38126, area: '531', weight: 0.25 },
  { city: 'Kiel', from: 24103, to: 24159, area: '431', weight: 0.25 },
  { city: 'Chemnitz', from: 9111, to: 9247, area: '371', weight: 0.24 },
  { city: 'Freiburg im Breisgau', from: 79098, to: 79117, area: '761', weight: 0.23 },
  { city: 'Lübeck', from: 23552, to: 23570, area: '451', weight: 0.22 },
] as const;

export const EMAIL_PROVIDERS = ['gmail.com', 'gmx.de', 'web.de', 't-online.de', 'outlook.com', 'yahoo.de', 'icloud.com', 'posteo.de', 'hotmail.com', 'freenet.de'] as const;
export const PROVIDER_WEIGHTS = [3, 2.5, 2.5, 1.2, 1, 0.6, 0.8, 0.3, 0.4, 0.3] as const;

/** Misspelt providers as people type them. */
export const PROVIDER_TYPOS: Readonly<Record<string, readonly string[]>> = {
  'gmail.com': ['gmial.com', 'gmail.de', 'gamil.com', 'gmail.co'],
  'gmx.de': ['gmx.net', 'gmx.com', 'gmc.de'],
  'web.de': ['web.com', 'wbe.de', 'weeb.de'],
  't-online.de': ['tonline.de', 't-onlin.de', 't-online.com'],
  'outlook.com': ['outlok.com', 'outlook.de', 'hotmail.com'],
  'yahoo.de': ['yahoo.com', 'yaho.de'],
  'icloud.com': ['iclod.com', 'me.com'],
  'posteo.de': ['posteo.net', 'poste.de'],
  'hotmail.com': ['hotmail.de', 'hotmal.com'],
  'freenet.de': ['freent.de', 'freenet.com'],
};

/** Spelling variants a clerk may write for a name part (FEBRL's misspelling tables, in small). */
export const SPELLING_VARIANTS: readonly (readonly [string, string])[] = [
  ['ph', 'f'], ['th', 't'], ['ie', 'i'], ['ei', 'ai'], ['mm', 'm'], ['nn', 'n'], ['ll', 'l'], ['tt', 't'], ['ck', 'k'],
  ['ß', 'ss'], ['ü', 'ue'], ['ö', 'oe'], ['ä', 'ae'], ['y', 'i'], ['c', 'k'], ['tz', 'z'], ['dt', 't'], ['v', 'w'],
];

/**
 * Parts of the long tail of family names and streets: real registers hold hundreds of thousands
 * of rare surnames, and a synthetic file of a million people drawn from a few hundred names
 * would be mostly namesakes (and its blocks quadratic).
 */
export const SURNAME_HEADS = [
  'Alt', 'Bren', 'Dorn', 'Eck', 'Fal', 'Gern', 'Hal', 'Kir', 'Lin', 'Mar', 'Nor', 'Ost', 'Ram', 'Sel', 'Tann', 'Ulm', 'Wal', 'Zell',
  'Ber', 'Bo', 'Dre', 'Ei', 'Fro', 'Gla', 'Hei', 'Ja', 'Kle', 'Lau', 'Mo', 'Nie', 'Pa', 'Rei', 'Sa', 'Stro', 'Te', 'Vo',
  'Wi', 'Ha', 'Bra', 'Ro', 'Sche', 'Schwa', 'Gro', 'Ka', 'Li', 'Mei', 'Pe', 'Ri', 'Sto', 'Tro', 'Wa', 'Ze', 'Ho', 'Ku',
  'Ne', 'Re', 'Schu', 'We', 'Bü', 'Lö',
] as const;
export const SURNAME_MIDDLES = [
  'ben', 'der', 'gen', 'hel', 'ken', 'lin', 'men', 'ner', 'ren', 'sen', 'ter', 'wen', 'bach', 'berg', 'brock', 'busch',
  'dorf', 'feld', 'hof', 'holz', 'horst', 'kamp', 'land', 'mark', 'meier', 'mühl', 'rath', 'reut', 'ried', 'roth', 'stein',
  'stett', 'wald', 'wang', 'wies', 'wind', 'burg', 'eck', 'heim', 'loh',
] as const;
export const SURNAME_ENDINGS = ['', 'er', 'mann', 'ner', 'ke', 'ling', 'ski', 'inger', 'hardt', 'mayr', 'l', 'rich', 'wald', 'a', 'o', 'is', 'sen', 'ow', 'itz', 'ert'] as const;
export const STREET_HEADS = [
  'Haupt', 'Schul', 'Garten', 'Bahnhof', 'Dorf', 'Berg', 'Birken', 'Linden', 'Kirch', 'Wald', 'Ring', 'Schiller', 'Goethe', 'Jahn',
  'Wiesen', 'Mühlen', 'Amsel', 'Rosen', 'Friedhof', 'Buchen', 'Lessing', 'Feld', 'Eichen', 'Mozart', 'Beethoven', 'Uhland', 'Post',
  'Park', 'Industrie', 'Blumen', 'Tal', 'Markt', 'Kastanien', 'Ahorn', 'Tannen', 'Fichten', 'Erlen', 'Weiden', 'Kiefern', 'Sonnen',
  'Heine', 'Kant', 'Bismarck', 'Luisen', 'Wilhelm', 'Friedrich', 'Karl', 'Marien', 'Anna', 'Sophien',
] as const;
export const STREET_ENDINGS = ['straße', 'weg', 'allee', 'platz', 'gasse', 'ring', 'damm', 'ufer'] as const;
