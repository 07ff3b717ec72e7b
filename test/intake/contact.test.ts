import { describe, expect, it } from 'vitest';
import { parseContact, parseContacts } from '../../src/intake/contact.ts';

describe('parseContact', () => {
  it('accepts an ordinary email address', () => {
    expect(parseContact('amy.wong+orders@example.com')).toEqual({
      kind: 'email',
      value: 'amy.wong+orders@example.com',
    });
    expect(parseContact('a@b.co')).toEqual({ kind: 'email', value: 'a@b.co' });
  });

  it('lower-cases the domain but keeps the mailbox name as typed', () => {
    expect(parseContact('  Amy.Wong@Example.COM ')).toEqual({
      kind: 'email',
      value: 'Amy.Wong@example.com',
    });
  });

  it('accepts an address with Chinese letters in the mailbox and domain', () => {
    expect(parseContact('张伟@例子.中国')).toEqual({ kind: 'email', value: '张伟@例子.中国' });
  });

  it('accepts an address typed with a full-width at sign', () => {
    expect(parseContact('taro＠example.jp')).toEqual({ kind: 'email', value: 'taro@example.jp' });
  });

  it.each([
    'name@example',
    'name@@example.com',
    'a@b@example.com',
    'john..doe@example.com',
    'john doe@example.com',
    '.john@example.com',
    'john@example..com',
    'john@-example.com',
    'john@example.c',
    'john@example.123',
    '@example.com',
    `${'a'.repeat(250)}@b.co`,
  ])('rejects the malformed address %s', (answer) => {
    expect(parseContact(answer)).toBeUndefined();
  });

  it('accepts an international phone number and keeps only + and digits', () => {
    expect(parseContact('+1 (415) 555-2671')).toEqual({ kind: 'phone', value: '+14155552671' });
    expect(parseContact('+81 3-1234-5678')).toEqual({ kind: 'phone', value: '+81312345678' });
  });

  it('accepts a local phone number with its leading zero', () => {
    expect(parseContact('(021) 5555 1234')).toEqual({ kind: 'phone', value: '02155551234' });
    expect(parseContact('9123.4567')).toEqual({ kind: 'phone', value: '91234567' });
  });

  it('accepts a Japanese mobile number typed in full-width digits', () => {
    expect(parseContact('０９０－１２３４－５６７８')).toEqual({
      kind: 'phone',
      value: '09012345678',
    });
    expect(parseContact('090ー1234ー5678')).toEqual({ kind: 'phone', value: '09012345678' });
  });

  it('drops the bracketed trunk zero after a country code', () => {
    expect(parseContact('+44 (0)20 7946 0000')).toEqual({ kind: 'phone', value: '+442079460000' });
  });

  it.each(['abc', '12345', '+1 23456', '1234567890123456', '+1 555 CALL NOW', '555-1234 ext 12'])(
    'rejects %j as a phone number',
    (answer) => {
      expect(parseContact(answer)).toBeUndefined();
    },
  );

  it('rejects an empty answer', () => {
    expect(parseContact('')).toBeUndefined();
    expect(parseContact('   ')).toBeUndefined();
  });

  it('prefers the email when the answer gives both', () => {
    const email = { kind: 'email', value: 'amy@example.hk' };
    expect(parseContact('9123 4567 amy@example.hk')).toEqual(email);
    expect(parseContact('amy@example.hk, 9123 4567')).toEqual(email);
    expect(parseContact('9123 4567 / amy@example.hk')).toEqual(email);
    expect(parseContact('amy@example.hk、9123 4567')).toEqual(email);
  });

  it('asks again rather than pick an address out of a sentence', () => {
    expect(parseContact('my email is amy@example.hk')).toBeUndefined();
  });

  it('does not take a number inside a sentence for a phone number', () => {
    expect(parseContact('order 12345678 arrived broken')).toBeUndefined();
  });
});

describe('parseContacts', () => {
  it('returns every contact in the order written', () => {
    expect(parseContacts('+852 9123 4567, amy@example.hk / 2345 6789')).toEqual([
      { kind: 'phone', value: '+85291234567' },
      { kind: 'email', value: 'amy@example.hk' },
      { kind: 'phone', value: '23456789' },
    ]);
  });

  it('returns nothing for an answer with no contact', () => {
    expect(parseContacts('I would rather not say')).toEqual([]);
  });
});
