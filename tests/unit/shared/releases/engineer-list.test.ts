import { describe, expect, it } from 'vitest';
import { parseEngineerList } from '../../../../shared/releases/engineer-list';

describe('parseEngineerList', () => {
  it('splits on commas, trims, drops blanks, keeps each person once (case-insensitively) in order', () => {
    expect(parseEngineerList(' dave@welkin.example, erin ,,Dave@Welkin.example,carol ')).toEqual({ ok: true, engineers: ['dave@welkin.example', 'erin', 'carol'] });
  });
  it('refuses an empty list, saying what to write', () => {
    expect(parseEngineerList(' , ,')).toEqual({ ok: false, problem: 'name at least one engineer (comma-separated logins or emails)' });
  });
  it('refuses more than 50 people and names longer than 200 characters', () => {
    const many = Array.from({ length: 51 }, (_, index) => `p${index}`).join(',');
    expect(parseEngineerList(many)).toEqual({ ok: false, problem: 'at most 50 engineers (got 51)' });
    expect(parseEngineerList(`ok,${'x'.repeat(201)}`)).toMatchObject({ ok: false, problem: expect.stringContaining('is longer than 200 characters') });
  });
});
