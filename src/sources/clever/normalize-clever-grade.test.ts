import { describe, expect, it } from 'vitest';
import { normalizeCleverGrade } from './normalize-clever-grade.ts';

describe('normalizeCleverGrade', () => {
  it.each([
    ['InfantToddler', 'IT'],
    ['Preschool', 'PR'],
    ['PreKindergarten', 'PK'],
    ['TransitionalKindergarten', 'TK'],
    ['Kindergarten', 'KG'],
    ['1', '01'],
    ['12', '12'],
    ['13', '13'],
    ['PostGraduate', 'PS'],
    ['Ungraded', 'UG'],
    ['Other', 'Other'],
  ])('reads Clever’s %s as CEDS %s', (clever, ceds) => {
    expect(normalizeCleverGrade(clever)).toEqual({ value: ceds });
  });
  it('reads an empty grade as none and rejects what is not a grade', () => {
    expect(normalizeCleverGrade('')).toEqual({ value: null });
    expect(normalizeCleverGrade(undefined)).toEqual({ value: null });
    expect(normalizeCleverGrade('Grade 3')).toEqual({ invalid: 'Grade 3' });
  });
});
