/** The kinds of person field the matcher understands. */
export const FIELD_KINDS = ['first_name', 'surname', 'full_name', 'dob', 'email', 'phone', 'postcode', 'city', 'address'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Column names (lower-case, letters and digits only) that each field kind is recognised by. */
const ALIASES: Record<FieldKind, readonly string[]> = {
  first_name: ['firstname', 'givenname', 'forename', 'first', 'vorname', 'fname'],
  surname: ['surname', 'lastname', 'familyname', 'last', 'nachname', 'lname'],
  full_name: ['name', 'fullname', 'customername', 'personname'],
  dob: ['dob', 'dateofbirth', 'birthdate', 'birthday', 'geburtsdatum', 'birth'],
  email: ['email', 'emailaddress', 'mail', 'emailid'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'telefon'],
  postcode: ['postcode', 'zip', 'zipcode', 'postalcode', 'plz', 'postleitzahl'],
  city: ['city', 'town', 'suburb', 'locality', 'ort', 'stadt'],
  address: ['address', 'street', 'address1', 'streetaddress', 'addressline1', 'strasse'],
};

function squash(column: string): string {
  return column.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether `name` is one of the field kinds. */
export function isFieldKind(name: string): name is FieldKind {
  return (FIELD_KINDS as readonly string[]).includes(name);
}

/**
 * Maps a file's columns to field kinds by their names (first_name/given_name, surname/last_name,
 * dob/date_of_birth, email, phone, postcode/zip, city, address, …). Each kind takes the first
 * column that fits; `exclude` (the id column) is never mapped.
 */
export function autoMapColumns(columns: readonly string[], exclude: readonly string[] = []): Partial<Record<FieldKind, string>> {
  const mapped: Partial<Record<FieldKind, string>> = {};
  const used = new Set(exclude);
  for (const kind of FIELD_KINDS) {
    const column = columns.find((c) => !used.has(c) && ALIASES[kind].includes(squash(c)));
    if (column !== undefined) {
      mapped[kind] = column;
      used.add(column);
    }
  }
  // A full name is only needed when the first and last names are not there on their own.
  if (mapped.first_name && mapped.surname) delete mapped.full_name;
  return mapped;
}
