// Writes test lines from @faker-js/faker's ja locale, a name list written apart from mamori's
// dictionary, for bench/names_vs_faker.sh: OUT/surnames.txt has one line per faker surname
// (with a kanji given name, a space and 様, so every dictionary surname reads as a name), and
// OUT/memo.txt has COUNT lines of full names in the shapes of a call memo. Every line holds
// one valid phone number, so a line is a record exactly when its name is found.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakerJA as faker } from '@faker-js/faker';

const [out, countText = '2000', seedText = '1'] = process.argv.slice(2);
const count = Number(countText);
faker.seed(Number(seedText));
const digits = (n) => String(faker.number.int({ min: 0, max: 10 ** n - 1 })).padStart(n, '0');
const phone = (i) =>
  [`03-${digits(4)}-${digits(4)}`, `090-${digits(4)}-${digits(4)}`, `045-${digits(3)}-${digits(4)}`,
   `0266-${digits(2)}-${digits(4)}`][i % 4];

const surnames = faker.rawDefinitions.person.last_name.generic;
writeFileSync(join(out, 'surnames.txt'),
              surnames.map((s, i) => `${s} 太郎 様より電話あり(連絡先 ${phone(i)})`).join('\n') + '\n');

const lines = [];
for (let i = 0; i < count; i++) {
  const last = faker.person.lastName();
  const first = faker.person.firstName();
  const shapes = [
    `${last}${first}様より電話あり（連絡先 ${phone(i)}）`,
    `${i + 1}. ${last} ${first}　連絡先：${phone(i)}`,
    `お客様 ${last}${first}（${phone(i)}）`,
  ];
  lines.push(shapes[i % shapes.length]);
}
writeFileSync(join(out, 'memo.txt'), lines.join('\n') + '\n');
console.log(JSON.stringify({ surnames: surnames.length, memo: count }));
