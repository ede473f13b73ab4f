import { LogMasker } from './LogMasker';

describe('LogMasker', () => {
  it('replaces every occurrence of each value, the longer of two overlapping first', () => {
    const masker = new LogMasker();
    masker.add('hunter2');
    masker.add('hunter2-and-more');
    expect(
      masker.mask('a hunter2 b hunter2-and-more c hunter2\n', true),
    ).toEqual({ masked: 'a *** b *** c ***\n', held: '' });
  });

  it('holds back an end that could begin a value, and masks it once the next text completes it', () => {
    const masker = new LogMasker();
    masker.add('s3cr3t-token');
    const first = masker.mask('login with s3cr', false);
    expect(first).toEqual({ masked: 'login with ', held: 's3cr' });
    const second = masker.mask(`${first.held}3t-token ok\n`, false);
    expect(second).toEqual({ masked: '*** ok\n', held: '' });
  });

  it('lets a held end go when the next text shows it was not a value', () => {
    const masker = new LogMasker();
    masker.add('s3cr3t-token');
    const first = masker.mask('s3c', false);
    expect(first.held).toBe('s3c');
    expect(masker.mask(`${first.held}ond line\n`, false)).toEqual({
      masked: 's3cond line\n',
      held: '',
    });
  });

  it('holds nothing back when final', () => {
    const masker = new LogMasker();
    masker.add('s3cr3t-token');
    expect(masker.mask('ends with s3cr', true)).toEqual({
      masked: 'ends with s3cr',
      held: '',
    });
  });

  it('masks a multi-line value line by line and ignores values too short to mask', () => {
    const masker = new LogMasker();
    masker.add(
      '-----BEGIN KEY-----\r\nAAAABBBB\nCCCCDDDD\n-----END KEY-----\n',
    );
    masker.add('ab');
    masker.add('   ');
    expect(masker.size).toBe(4);
    expect(
      masker.mask(
        'key:\n-----BEGIN KEY-----\nAAAABBBB\nCCCCDDDD\n-----END KEY-----\nab done\n',
        true,
      ).masked,
    ).toBe('key:\n***\n***\n***\n***\nab done\n');
  });

  it('passes text through when nothing is registered', () => {
    expect(new LogMasker().mask('plain', false)).toEqual({
      masked: 'plain',
      held: '',
    });
  });

  it('masks a 64 KiB flush full of matches of twenty values quickly', () => {
    const masker = new LogMasker();
    const values = Array.from(
      { length: 20 },
      (_, i) => `secret-value-${i}-xyz`,
    );
    values.forEach(value => masker.add(value));
    let text = '';
    for (let i = 0; text.length < 64 * 1024; i++) {
      text += `line ${i} ${values[i % 20]} done\n`;
    }
    const started = performance.now();
    const { masked, held } = masker.mask(text, false);
    const elapsed = performance.now() - started;
    expect(held).toBe('');
    expect(masked).not.toMatch(/secret-value/);
    expect(masked.split('***').length - 1).toBe(text.split('\n').length - 1);
    expect(elapsed).toBeLessThan(200);
  });
});
