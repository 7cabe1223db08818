import { prepareText } from '../text-normalize';
import { ibanValid, luhnValid } from './checksum.util';
import { redactPii, type PiiType } from './pii.detector';

describe('redactPii', () => {
  const found = (text: string) => redactPii(text).entities.map((e) => [e.type, e.text]);
  const types = (text: string): PiiType[] => redactPii(text).entities.map((e) => e.type);

  it('redacts with typed placeholders and reports original offsets', () => {
    const text = 'Escribime a juan.perez+isp@gmail.com o al 0981 123 456, gracias';
    const r = redactPii(text);
    expect(r.redactedText).toBe('Escribime a [EMAIL] o al [PHONE], gracias');
    for (const e of r.entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('leaves text without personal data untouched', () => {
    expect(redactPii('El internet anda lento desde ayer')).toEqual({ entities: [], redactedText: 'El internet anda lento desde ayer' });
    expect(redactPii('')).toEqual({ entities: [], redactedText: '' });
  });

  describe('e-mail', () => {
    it.each(['ana@tigo.com.py', 'Ana.Gómez@empresa.org', 'x_y-z@sub.domain.io'])('finds %s', (email) => {
      expect(found(`mail: ${email}.`)).toEqual([['email', email]]);
    });
    it.each(['usuario@', '@tigo', 'a@b', 'correo arroba gmail'])('ignores %s', (text) => {
      expect(types(text)).not.toContain('email');
    });
  });

  describe('phone', () => {
    it.each([
      '+595 981 123 456',
      '+595981123456',
      '+595 (21) 123-456',
      '00595 981 123456',
      '0981 123456',
      '0981-123-456',
      '0981123456',
      '(0981) 123 456',
      '(021) 123 456',
      '021 6129000',
      '061-512-345',
      '+1 (555) 123-4567',
      '+44 20 7946 0958',
    ])('finds %s', (phone) => {
      expect(found(`llamame al ${phone} por favor`)).toEqual([['phone', phone]]);
    });

    it('finds numbers without a prefix only after a phone word', () => {
      expect(found('mi cel 981 123 456')).toEqual([['phone', '981 123 456']]);
      expect(found('WhatsApp: 555-123-4567')).toEqual([['phone', '555-123-4567']]);
      expect(types('mi número de reclamo es 981 123 456')).toEqual([]);
    });

    it.each([
      ['a date', 'Vino el 12/03/2024 y el 05-03-2024'],
      ['a time', 'a las 10:30 hs'],
      ['a price', 'Gs. 150.000 por mes'],
      ['a plan speed', 'plan de 300 mbps'],
      ['an invoice number', 'Factura 001-001-0012345'],
      ['a short number', 'Sucursal 0981'],
      ['too many digits', '+595 981 123 456 789 123 45'],
    ])('ignores %s', (_, text) => {
      expect(types(text)).not.toContain('phone');
    });
  });

  describe('national ID (cédula)', () => {
    it.each([
      ['CI 4567890', '4567890'],
      ['C.I. N° 4.567.890', '4.567.890'],
      ['mi cédula es 1234567', '1234567'],
      ['Cedula de identidad: 3.456.789', '3.456.789'],
      ['documento nro. 5123456', '5123456'],
      ['RUC 80012345-6', '80012345-6'],
      ['se registró con 4.567.890 ayer', '4.567.890'],
    ])('finds "%s"', (text, id) => {
      expect(found(text)).toEqual([['id', id]]);
    });

    it.each([
      ['a price with Gs.', 'Me cobran Gs. 150.000'],
      ['a dotted price with Gs.', 'Pago Gs. 1.500.000 por el plan'],
      ['a dotted amount after a money verb', 'me cobraron 1.200.000 este mes'],
      ['a dotted amount before guaraníes', 'son 2.300.000 guaraníes'],
      ['a bare number without context', 'tengo 4567890 problemas'],
      ['a version number', 'versión 1.2.3'],
    ])('ignores %s', (_, text) => {
      expect(types(text)).not.toContain('id');
    });
  });

  describe('payment card', () => {
    it.each(['4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '5500 0000 0000 0004', '3782 822463 10005'])('finds %s', (card) => {
      expect(found(`tarjeta ${card} gracias`)).toEqual([['card', card]]);
    });
    it.each([
      ['a non-Luhn number', '4111 1111 1111 1112'],
      ['a repeated digit', '0000 0000 0000 0000'],
      ['too few digits', '4111 1111 1111'],
    ])('ignores %s', (_, text) => {
      expect(types(text)).not.toContain('card');
    });
  });

  describe('IBAN', () => {
    it.each(['ES91 2100 0418 4502 0005 1332', 'DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'es9121000418450200051332'])('finds %s', (iban) => {
      expect(found(`cuenta ${iban} gracias`)).toEqual([['iban', iban]]);
    });
    it.each([
      ['a bad checksum', 'ES92 2100 0418 4502 0005 1332'],
      ['a wrong length', 'DE8937040044053201300'],
      ['an unknown country', 'ZZ91 2100 0418 4502 0005 1332'],
    ])('ignores %s', (_, text) => {
      expect(types(text)).not.toContain('iban');
    });
  });

  describe('URL', () => {
    it.each([
      ['mirá https://www.speedtest.net/result/123.', 'https://www.speedtest.net/result/123'],
      ['(ver http://tigo.com.py/ayuda)', 'http://tigo.com.py/ayuda'],
      ['entrá a www.personal.com.py!', 'www.personal.com.py'],
      ['en facebook.com/claropy', 'facebook.com/claropy'],
      ['en copaco.com.py, sección', 'copaco.com.py'],
    ])('finds the URL in "%s"', (text, url) => {
      expect(found(text)).toEqual([['url', url]]);
    });
    it.each(['Anda lento.Es un desastre', 'el Sr.Pérez', 'pago 1.500.000', 'hola.que tal'])('ignores "%s"', (text) => {
      expect(types(text)).not.toContain('url');
    });
  });

  describe('IP address', () => {
    it.each(['192.168.0.1', '10.0.0.254', '2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'])('finds %s', (ip) => {
      expect(found(`el router ${ip} no responde`)).toEqual([['ip', ip]]);
    });
    it.each([
      ['a 3-part version', 'versión 1.2.3'],
      ['a 4-part version', 'firmware v1.2.3.4 y version 2.0.1.7'],
      ['an out-of-range octet', '192.168.1.300'],
      ['a time', 'a las 10:30:15'],
      ['a short hex pair', 'a::b'],
    ])('ignores %s', (_, text) => {
      expect(types(text)).not.toContain('ip');
    });
  });

  it('resolves overlaps by priority (e-mail over its domain, URL over its IP)', () => {
    expect(found('juan@gmail.com')).toEqual([['email', 'juan@gmail.com']]);
    expect(found('entrá a http://192.168.0.1/admin')).toEqual([['url', 'http://192.168.0.1/admin']]);
    expect(found('+595 981 123 456')).toEqual([['phone', '+595 981 123 456']]);
  });

  it('accepts a prepared text', () => {
    expect(redactPii(prepareText('ana@x.com')).redactedText).toBe('[EMAIL]');
  });

  it('can limit the types it looks for', () => {
    expect(redactPii('ana@x.com 0981 123 456', { types: ['phone'] }).redactedText).toBe('ana@x.com [PHONE]');
  });

  it('stays fast on adversarial input', () => {
    const nasty = ['CI' + ' :'.repeat(5000), '1'.repeat(20_000), 'a@'.repeat(5000), ':'.repeat(10_000), 'www.' + 'a.'.repeat(5000)];
    const t0 = Date.now();
    for (const text of nasty) redactPii(text);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('checksums', () => {
  it('luhnValid', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
  });

  it('ibanValid', () => {
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST12345698765433')).toBe(false);
    expect(ibanValid('GB82WEST1234569876543')).toBe(false);
  });
});
