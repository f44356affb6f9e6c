import { readObject, readText, type CleverObject } from './clever-records.ts';
import { splitContactName, type SplitName } from './split-contact-name.ts';

/**
 * A Clever user's names (`name.first`, `name.middle`, `name.last`). A contact's full name
 * arrives whole in `name.last` with no first name (Clever's documented choice for contacts);
 * it is split (`splitContactName`) and `isSplit` says so, for the run's note. Other users, and
 * a contact who also holds a staff role and so has a first name, are read as Clever gives them.
 * An absent or empty part is `null`: Clever leaves empty name parts out.
 */
export function cleverUserName(
  user: CleverObject,
  roles: { contact?: CleverObject | undefined },
): SplitName & { isSplit: boolean } {
  const name = readObject(user, 'name');
  const first = readText(name, 'first');
  const last = readText(name, 'last');
  if (roles.contact && first === null && last !== null) {
    return { ...splitContactName(last), isSplit: true };
  }
  return { givenName: first, middleName: readText(name, 'middle'), familyName: last, isSplit: false };
}
