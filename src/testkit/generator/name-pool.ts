import type { Random } from './seeded-random.ts';

/**
 * Names as real US rosters carry them: mostly plain, about one person in ten with accents
 * (José, Zoë, Nguyễn — some outside Windows-1252), apostrophes (O'Brien), hyphens
 * (Smith-Jones) or inner spaces (De la Cruz), and rarely a nickname in double quotes in the
 * middle name.
 */
const commonGivenNames: readonly string[] = [
  'Emma|Liam|Olivia|Noah|Ava|Ethan|Mia|Lucas|Sophia|Mason',
  'Isabella|Logan|Amelia|James|Harper|Elijah|Evelyn|Benjamin|Abigail|Jacob',
  'Emily|Michael|Ella|Daniel|Elizabeth|Henry|Sofia|Jackson|Avery|Samuel',
  'Scarlett|Sebastian|Grace|Aiden|Chloe|Matthew|Victoria|David|Riley|Joseph',
  'Aria|Carter|Lily|Owen|Aubrey|Wyatt|Zoey|John|Penelope|Jack',
  'Layla|Luke|Nora|Jayden|Hannah|Dylan|Addison|Gabriel|Brooklyn|Isaac',
  'Leah|Anthony|Stella|Christopher|Natalie|Andrew|Maya|Joshua|Aaliyah|Nathan',
  'Kevin|Jasmine|Brandon|Destiny|Tyler|Imani|Marcus|Aisha|Malik|Keisha',
  'Wei|Mei|Jun|Hana|Min-jun|Seo-yeon|Priya|Arjun|Ananya|Rohan',
  'Fatima|Omar|Yusuf|Amira|Mohammed|Khalid|Ahmed|Zainab|Chidi|Ngozi',
]
  .join('|')
  .split('|');

const unusualGivenNames: readonly string[] = [
  'José|María|Zoë|Chloé|Renée|André|Noël|Inés|Sofía|Lucía',
  'Matías|Joaquín|Ángel|Raúl|Héctor|Ramón|Óscar|Nicolás|Iñaki|Begoña',
  'François|Jérôme|Thérèse|Anaïs|Maëlle|Björn|Søren|Åsa|Jürgen|Zoé',
  'Ngọc|Thảo|Đức|Łukasz|Małgorzata|Zuzana|Vojtěch|Siobhán|Seán|Niamh',
  "D'Andre|Ja'Mari|De'Shawn|La'Tonya|Mi'Kayla|Jean-Luc|Mary-Kate|Anne-Marie|Li-Na|Jean-Pierre",
]
  .join('|')
  .split('|');

const commonFamilyNames: readonly string[] = [
  'Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez',
  'Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Thompson|White',
  'Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott',
  'Torres|Hill|Flores|Green|Adams|Nelson|Baker|Hall|Rivera|Campbell',
  'Mitchell|Carter|Roberts|Phillips|Evans|Turner|Parker|Collins|Edwards|Stewart',
  'Morris|Murphy|Cook|Rogers|Morgan|Peterson|Cooper|Reed|Bailey|Bell',
  'Kim|Park|Chen|Wang|Li|Zhang|Liu|Patel|Shah|Singh',
  'Kumar|Khan|Ali|Hussein|Okafor|Adeyemi|Nguyen|Tran|Yamamoto|Tanaka',
  'Cohen|Levi|Ivanov|Kowalski|Nowak|Johansson|Reyes|Morales|Ortiz|Cruz',
]
  .join('|')
  .split('|');

const unusualFamilyNames: readonly string[] = [
  'Hernández|López|González|Pérez|Sánchez|Ramírez|Fernández|Gómez|Díaz|Gutiérrez',
  'Chávez|Álvarez|Jiménez|Vásquez|Núñez|Peña|Muñoz|Müller|Schäfer|Björklund',
  'Nguyễn|Lê|Phạm|Đặng|Wiśniewski|Łukasiewicz|Ødegård|Dvořák|Çelik|Öztürk',
  "O'Brien|O'Connor|O'Neill|D'Angelo|N'Diaye|O'Malley|McDonald|MacLeod|DeLuca|St. John",
  'Smith-Jones|García-López|Taylor-Brown|Nguyen-Tran|Lee-Park|De la Cruz|Van der Berg|Del Rosario|Da Silva|Le Blanc',
]
  .join('|')
  .split('|');

const givenNames = [...commonGivenNames, ...unusualGivenNames];
const familyNames = [...commonFamilyNames, ...unusualFamilyNames];

/** Share of names drawn from the plain lists; the rest come from all names, odd ones included. */
const plainShare = 0.85;

const nicknames: readonly (readonly [string, string])[] = [
  ['Robert', 'Bobby'],
  ['William', 'Billy'],
  ['Elizabeth', 'Liz'],
  ['Katherine', 'Kate'],
  ['Margaret', 'Peggy'],
  ['Richard', 'Rick'],
];

/** A given name. */
export function pickGivenName(random: Random): string {
  return random.pick(random.next() < plainShare ? commonGivenNames : givenNames);
}

/** A family name. */
export function pickFamilyName(random: Random): string {
  return random.pick(random.next() < plainShare ? commonFamilyNames : familyNames);
}

/** A family name other than `current` (a rename must change something). */
export function pickOtherFamilyName(random: Random, current: string): string {
  const index = random.below(familyNames.length);
  const name = familyNames[index]!;
  return name === current ? familyNames[(index + 1) % familyNames.length]! : name;
}

/**
 * A middle name: often none, sometimes an initial, sometimes a full name, and once in a few
 * hundred a nickname in double quotes (`Robert "Bobby"`), which CSV must quote and escape.
 */
export function pickMiddleName(random: Random, presence: number): string {
  const draw = random.next();
  if (draw >= presence) return '';
  if (draw < 0.003) {
    const [name, nickname] = random.pick(nicknames);
    return `${name} "${nickname}"`;
  }
  const name = pickGivenName(random);
  return draw < presence / 2 ? `${name.charAt(0)}.` : name;
}
