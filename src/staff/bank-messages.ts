import { defineMessages } from '../i18n/define.ts';
import type { IbanProblem } from '../settings/iban.ts';

/** FIN-1: the seller's bank account form (/staff/settings/bank). */
export const bankMessages = defineMessages({
  tr: {
    title: 'Ödeme için banka hesabı',
    lead: 'Proforma faturalarda ve ödeme bekleyen sipariş e-postalarında havale/EFT talimatının altında gösterilir. IBAN boş bırakılırsa belgelerde IBAN satırı olmaz.',
    iban: 'IBAN',
    ibanHint: 'Türkiye için TR ile başlayan 26 karakter. Boşluk bırakabilirsiniz; dörtlü gruplar hâlinde saklanır.',
    bankName: 'Banka ve şube',
    accountHolder: 'Hesap sahibi',
    accountHolderHint: 'Bankada kayıtlı unvan, ör. Anadolu Bağlantı Elemanları A.Ş.',
    preview: 'Belgelerde şöyle görünür',
    none: 'IBAN girilmedi: proforma ve e-postalarda banka satırı yok.',
    save: 'Kaydet',
    saved: 'Banka hesabı kaydedildi.',
    edit: 'Banka hesabını düzenle',
    back: 'Ayarlar',
    errFormat: 'IBAN iki harfli ülke kodu ve iki kontrol hanesiyle başlar (ör. TR33 0006 …); yalnızca harf ve rakam içerir.',
    errLength: (country: string, want: number, got: number) => `${country} IBAN'ı ${want} karakterdir; girilen ${got} karakter.`,
    errLengthAny: (got: number) => `IBAN 15 ile 34 karakter arasında olur; girilen ${got} karakter.`,
    errChecksum: "Bu IBAN'ın kontrol haneleri tutmuyor: bir karakter yanlış yazılmış olabilir.",
    errBankName: 'Banka adı en fazla 120 karakter olabilir.',
    errAccountHolder: 'Hesap sahibi en fazla 200 karakter olabilir.',
  },
  en: {
    title: 'Bank account for payments',
    lead: 'Shown under the bank transfer instruction on proforma invoices and in awaiting-payment order mails. Leave the IBAN empty for no IBAN line on documents.',
    iban: 'IBAN',
    ibanHint: 'For Turkey 26 characters starting with TR. Spaces are fine; it is stored in groups of four.',
    bankName: 'Bank and branch',
    accountHolder: 'Account holder',
    accountHolderHint: 'The name the bank holds, e.g. Anadolu Bağlantı Elemanları A.Ş.',
    preview: 'How documents show it',
    none: 'No IBAN: proformas and mails carry no bank line.',
    save: 'Save',
    saved: 'Bank account saved.',
    edit: 'Edit bank account',
    back: 'Settings',
    errFormat: 'An IBAN starts with a two-letter country code and two check digits (e.g. TR33 0006 …) and has only letters and digits.',
    errLength: (country: string, want: number, got: number) => `A ${country} IBAN has ${want} characters; this one has ${got}.`,
    errLengthAny: (got: number) => `An IBAN has 15 to 34 characters; this one has ${got}.`,
    errChecksum: 'The check digits of this IBAN do not match: a character may be mistyped.',
    errBankName: 'The bank name can be at most 120 characters.',
    errAccountHolder: 'The account holder can be at most 200 characters.',
  },
});

export type BankMessages = (typeof bankMessages)['tr'];

export function ibanErrorText(m: BankMessages, problem: IbanProblem, country: string, want: number | undefined, got: number): string {
  if (problem === 'format') return m.errFormat;
  if (problem === 'checksum') return m.errChecksum;
  return want !== undefined ? m.errLength(country, want, got) : m.errLengthAny(got);
}
