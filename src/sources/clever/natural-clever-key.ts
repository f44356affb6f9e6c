import { readObject, readText, type CleverObject } from './clever-records.ts';

/**
 * The key a Clever user's person gets when no other user claims it first, by the rule of
 * `keyCleverUsers`: the first SIS id among its roles, a district admin's Clever id, else the
 * Clever id; `null` for a contact without SIS id (its key is derived from its email, phone or
 * name and students, which one user alone cannot tell) and for a user with no role.
 */
export function naturalCleverKey(user: CleverObject): string | null {
  const cleverId = readText(user, 'id');
  if (!cleverId) return null;
  const roles = readObject(user, 'roles');
  const student = readObject(roles, 'student');
  const teacher = readObject(roles, 'teacher');
  const staff = readObject(roles, 'staff');
  const districtAdmin = readObject(roles, 'district_admin');
  const contact = readObject(roles, 'contact');
  if (!student && !teacher && !staff && !districtAdmin && !contact) return null;
  const sisKey =
    readText(student, 'sis_id') ??
    readText(teacher, 'sis_id') ??
    readText(staff, 'sis_id') ??
    readText(staff, 'staff_id') ??
    readText(contact, 'sis_id');
  if (sisKey) return sisKey;
  if (districtAdmin) return cleverId;
  if (contact) return null;
  return cleverId;
}
