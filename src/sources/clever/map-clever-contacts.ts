import type { CountryCode } from 'libphonenumber-js';
import type { FindingLog } from '../../findings/finding-log.ts';
import { normalizePhone } from '../../roster/normalize-phone.ts';
import type { SourceValue } from '../../roster/snapshot.ts';
import type { CleverSettings } from '../../sync/clever-settings.ts';
import { readObjectList, readText, type CleverObject } from './clever-records.ts';

/** One `student_relationships` entry that passed the contact filters. */
export interface CleverContactLink {
  studentCleverId: string;
  /** Clever's word, as it gives it (Parent, Grandparent, Aunt/Uncle…); `null` when empty. */
  relationship: string | null;
  /** Clever's contact type (Parent/Guardian, Emergency…); `null` when empty. */
  contactType: string | null;
}

/** What the contact filters left out in one run, reported once (`reportContactFilters`). */
export interface ContactFilterCounts {
  linksByType: number;
  linksByRelationship: number;
  contactsWithoutLink: number;
  phonesByType: number;
}

export function emptyContactFilterCounts(): ContactFilterCounts {
  return { linksByType: 0, linksByRelationship: 0, contactsWithoutLink: 0, phonesByType: 0 };
}

/** A contact role as the snapshot uses it: the links the filters kept, and the mobile. */
export interface CleverContact {
  links: CleverContactLink[];
  /**
   * The phone as the mobile, when its type is used (`phoneTypes`); `null` when none is;
   * `undefined` when invalid, or when no link is kept (the contact is no guardian).
   */
  mobile: SourceValue;
}

/** The contact settings, ready to compare: words lower-cased, `null` for `all`. */
export interface ContactFilter {
  contactTypes: ReadonlySet<string>;
  relationships: ReadonlySet<string> | null;
  phoneTypes: ReadonlySet<string> | null;
}

export function contactFilter(settings: CleverSettings): ContactFilter {
  const lower = (words: readonly string[]): Set<string> =>
    new Set(words.map((word) => word.trim().toLowerCase()));
  return {
    contactTypes: lower(settings.contactTypes),
    relationships: settings.relationships === 'all' ? null : lower(settings.relationships),
    phoneTypes: settings.phoneTypes === 'all' ? null : lower(settings.phoneTypes),
  };
}

export interface ContactContext {
  filter: ContactFilter;
  phoneRegion: CountryCode;
  findings: FindingLog;
  counts: ContactFilterCounts;
}

/**
 * Reads `roles.contact` of one user through the contact filters (SPEC §2.1, settings
 * `contactTypes`, `relationships`, `phoneTypes`):
 * - a relationship whose `type` or `relationship` is filtered out is not a guardian link (the
 *   relationship compared without regard to case, as SISs spell it as they like);
 * - the phone is the mobile only when its `phone_type` is used. Clever gives a contact one
 *   phone with a type; a number of a type left out is not used at all (`null`: the source has
 *   no mobile for this contact that the config uses). An invalid number is reported
 *   (PHONE_INVALID) and `undefined`, so the directory keeps the one it has.
 * `at.sisId` is the person's key, for the findings.
 */
export function readCleverContact(
  contact: CleverObject,
  at: { sisId: string; cleverId: string },
  context: ContactContext,
): CleverContact {
  const { filter, counts } = context;
  const links: CleverContactLink[] = [];
  let filteredCount = 0;
  for (const entry of readObjectList(contact, 'student_relationships')) {
    const studentCleverId = readText(entry, 'student');
    const contactType = readText(entry, 'type');
    const relationship = readText(entry, 'relationship');
    if (!studentCleverId) {
      context.findings.add({
        code: 'CLEVER_RECORD_INVALID',
        entity: 'guardianLinks',
        sisId: at.sisId,
        column: 'student_relationships',
        message: `A student relationship of Clever contact ${at.cleverId} names no student; it is not a guardian link.`,
      });
      continue;
    }
    if (!filter.contactTypes.has((contactType ?? '').toLowerCase())) {
      counts.linksByType++;
      filteredCount++;
      continue;
    }
    if (filter.relationships && !filter.relationships.has((relationship ?? '').toLowerCase())) {
      counts.linksByRelationship++;
      filteredCount++;
      continue;
    }
    links.push({ studentCleverId, relationship, contactType });
  }
  if (links.length === 0) {
    if (filteredCount > 0) counts.contactsWithoutLink++;
    // Not a guardian: its phone is not read (nor reported), nothing uses it.
    return { links, mobile: undefined };
  }
  return { links, mobile: readContactMobile(contact, at, context) };
}

function readContactMobile(
  contact: CleverObject,
  at: { sisId: string; cleverId: string },
  context: ContactContext,
): SourceValue {
  const { phoneTypes } = context.filter;
  const raw = readText(contact, 'phone');
  if (raw === null) return null;
  if (phoneTypes && !phoneTypes.has((readText(contact, 'phone_type') ?? '').toLowerCase())) {
    context.counts.phonesByType++;
    return null;
  }
  const phone = normalizePhone(raw, context.phoneRegion);
  if ('value' in phone) return phone.value;
  const value = phone.invalid.slice(0, 100);
  context.findings.add({
    code: 'PHONE_INVALID',
    entity: 'guardians',
    column: 'phone',
    sisId: at.sisId,
    value,
    message: `phone "${value}" of Clever contact ${at.cleverId} (${at.sisId}) is not valid; it is not used.`,
  });
  return undefined;
}

/** The one note a run gets about what the contact filters left out (nothing when nothing was). */
export function reportContactFilters(counts: ContactFilterCounts, findings: FindingLog): void {
  const { linksByType, linksByRelationship, contactsWithoutLink, phonesByType } = counts;
  if (linksByType + linksByRelationship + contactsWithoutLink + phonesByType === 0) return;
  findings.add({
    code: 'CLEVER_CONTACTS_FILTERED',
    entity: 'guardians',
    value: String(contactsWithoutLink),
    message:
      `The Clever contact filters left out ${linksByType} student relationships by contact type and ` +
      `${linksByRelationship} by relationship; ${contactsWithoutLink} contacts were left with no ` +
      `relationship and are not guardians; ${phonesByType} phone numbers were left out by phone type.`,
  });
}
