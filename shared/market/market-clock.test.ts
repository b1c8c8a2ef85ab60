import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marketStatusSchema } from '../contract/market';
import { easterSunday, ruleEarlyCloses, ruleHolidays, SPECIAL_CLOSURES } from './calendar';
import { createMarketClock, type MarketClock } from './market-clock';
import { addDays, nyDate, nyTime, weekday } from './ny-time';

const at = (iso: string) => Date.parse(iso);
const status = (clock: MarketClock, iso: string) => clock.status(at(iso));

/**
 * NYSE's published holiday and early-close schedule (nyse.com "Holidays & Trading Hours"),
 * written out by hand so the rules are checked against the exchange, not against themselves.
 * Early closes are at 1:00 p.m. ET.
 */
const NYSE_PUBLISHED: Record<number, { holidays: [string, string][]; earlyCloses: string[] }> = {
  2024: {
    holidays: [
      ['2024-01-01', "New Year's Day"],
      ['2024-01-15', 'Martin Luther King Jr. Day'],
      ['2024-02-19', "Washington's Birthday"],
      ['2024-03-29', 'Good Friday'],
      ['2024-05-27', 'Memorial Day'],
      ['2024-06-19', 'Juneteenth National Independence Day'],
      ['2024-07-04', 'Independence Day'],
      ['2024-09-02', 'Labor Day'],
      ['2024-11-28', 'Thanksgiving Day'],
      ['2024-12-25', 'Christmas Day'],
    ],
    earlyCloses: ['2024-07-03', '2024-11-29', '2024-12-24'],
  },
  2025: {
    holidays: [
      ['2025-01-01', "New Year's Day"],
      ['2025-01-09', 'National Day of Mourning for President Jimmy Carter'],
      ['2025-01-20', 'Martin Luther King Jr. Day'],
      ['2025-02-17', "Washington's Birthday"],
      ['2025-04-18', 'Good Friday'],
      ['2025-05-26', 'Memorial Day'],
      ['2025-06-19', 'Juneteenth National Independence Day'],
      ['2025-07-04', 'Independence Day'],
      ['2025-09-01', 'Labor Day'],
      ['2025-11-27', 'Thanksgiving Day'],
      ['2025-12-25', 'Christmas Day'],
    ],
    earlyCloses: ['2025-07-03', '2025-11-28', '2025-12-24'],
  },
  2026: {
    holidays: [
      ['2026-01-01', "New Year's Day"],
      ['2026-01-19', 'Martin Luther King Jr. Day'],
      ['2026-02-16', "Washington's Birthday"],
      ['2026-04-03', 'Good Friday'],
      ['2026-05-25', 'Memorial Day'],
      ['2026-06-19', 'Juneteenth National Independence Day'],
      ['2026-07-03', 'Independence Day (observed)'],
      ['2026-09-07', 'Labor Day'],
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-12-25', 'Christmas Day'],
    ],
    earlyCloses: ['2026-11-27', '2026-12-24'],
  },
  2027: {
    holidays: [
      ['2027-01-01', "New Year's Day"],
      ['2027-01-18', 'Martin Luther King Jr. Day'],
      ['2027-02-15', "Washington's Birthday"],
      ['2027-03-26', 'Good Friday'],
      ['2027-05-31', 'Memorial Day'],
      ['2027-06-18', 'Juneteenth National Independence Day (observed)'],
      ['2027-07-05', 'Independence Day (observed)'],
      ['2027-09-06', 'Labor Day'],
      ['2027-11-25', 'Thanksgiving Day'],
      ['2027-12-24', 'Christmas Day (observed)'],
    ],
    earlyCloses: ['2027-11-26'],
  },
  2028: {
    // New Year's Day 2028 is a Saturday and is not observed: Friday 2027-12-31 trades.
    holidays: [
      ['2028-01-17', 'Martin Luther King Jr. Day'],
      ['2028-02-21', "Washington's Birthday"],
      ['2028-04-14', 'Good Friday'],
      ['2028-05-29', 'Memorial Day'],
      ['2028-06-19', 'Juneteenth National Independence Day'],
      ['2028-07-04', 'Independence Day'],
      ['2028-09-04', 'Labor Day'],
      ['2028-11-23', 'Thanksgiving Day'],
      ['2028-12-25', 'Christmas Day'],
    ],
    earlyCloses: ['2028-07-03', '2028-11-24'],
  },
};

describe('NYSE calendar 2024-2028, compared with the published schedule', () => {
  const clock = createMarketClock();
  for (const [yearText, published] of Object.entries(NYSE_PUBLISHED)) {
    const year = Number(yearText);
    it(`${year}: every weekday is open, closed or early exactly as NYSE published`, () => {
      const holidays = new Map(published.holidays);
      const early = new Set(published.earlyCloses);
      let tradingDays = 0;
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
        const day = clock.day(d);
        const dow = weekday(d);
        if (dow === 0 || dow === 6) {
          expect(day.open, d).toBe(false);
          expect(day.holiday, d).toBeUndefined();
          continue;
        }
        if (holidays.has(d)) {
          expect(day.open, d).toBe(false);
          expect(day.holiday, d).toBe(holidays.get(d));
          continue;
        }
        tradingDays++;
        expect(day.open, d).toBe(true);
        expect(day.closeMinutes, d).toBe(early.has(d) ? 13 * 60 : 16 * 60);
        expect(day.earlyClose !== undefined, d).toBe(early.has(d));
      }
      // NYSE trading days per year: 252 (2024), 250 (2025), 251 (2026), 251 (2027), 251 (2028).
      expect(tradingDays).toBe({ 2024: 252, 2025: 250, 2026: 251, 2027: 251, 2028: 251 }[year]);
    });
  }
});

describe('holiday rules', () => {
  it('computes Easter by the Gregorian computus', () => {
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(easterSunday(2100)).toBe('2100-03-28');
  });

  it('does not observe a Saturday New Year: the Friday before is the last trading day of the year', () => {
    const clock = createMarketClock();
    for (const friday of ['2010-12-31', '2021-12-31', '2027-12-31', '2032-12-31']) {
      expect(weekday(addDays(friday, 1))).toBe(6);
      expect(clock.day(friday).open, friday).toBe(true);
      expect(ruleHolidays(Number(friday.slice(0, 4)) + 1).some((h) => h.name.startsWith("New Year's"))).toBe(false);
    }
  });

  it('moves Sunday holidays to Monday and other Saturday holidays to Friday', () => {
    const names = (y: number) => new Map(ruleHolidays(y).map((h) => [h.date, h.name]));
    expect(names(2023).get('2023-01-02')).toBe("New Year's Day (observed)");
    expect(names(2022).get('2022-06-20')).toBe('Juneteenth National Independence Day (observed)');
    expect(names(2021).get('2021-07-05')).toBe('Independence Day (observed)');
    expect(names(2020).get('2020-07-03')).toBe('Independence Day (observed)');
    expect(names(2021).get('2021-12-24')).toBe('Christmas Day (observed)');
    expect(names(2022).get('2022-12-26')).toBe('Christmas Day (observed)');
  });

  it('has Juneteenth only from 2022', () => {
    expect(ruleHolidays(2021).some((h) => h.name.startsWith('Juneteenth'))).toBe(false);
    expect(ruleHolidays(2022).some((h) => h.name.startsWith('Juneteenth'))).toBe(true);
  });

  it('closes early on July 3 and Christmas Eve only when they are weekdays and not the observed holiday', () => {
    // July 3 2026 is the observed Independence Day; Christmas Eve 2027 the observed Christmas.
    expect(ruleEarlyCloses(2026).map((e) => e.date)).not.toContain('2026-07-03');
    expect(ruleEarlyCloses(2027).map((e) => e.date)).not.toContain('2027-12-24');
    // Christmas Eve 2022 and July 3 2027 are Saturdays.
    expect(ruleEarlyCloses(2022).map((e) => e.date)).not.toContain('2022-12-24');
    expect(ruleEarlyCloses(2023).map((e) => e.date)).toEqual(['2023-07-03', '2023-11-24']);
    // Before 2013 a Wednesday July 3 traded fully and Friday July 5 closed early (2002).
    expect(ruleEarlyCloses(2002).map((e) => e.date)).toEqual(['2002-07-05', '2002-11-29', '2002-12-24']);
    expect(ruleEarlyCloses(2013).map((e) => e.date)).toEqual(['2013-07-03', '2013-11-29', '2013-12-24']);
  });

  it('keeps the special closures, and they close the market', () => {
    const clock = createMarketClock();
    for (const [date, name] of Object.entries(SPECIAL_CLOSURES)) {
      expect(clock.day(date).open, date).toBe(false);
      expect(clock.day(date).holiday).toBe(name);
    }
    expect(clock.day('2025-01-10').open).toBe(true);
  });

  it('answers every year from 2000 to 2100 with 9 to 10 rule holidays on weekdays', () => {
    for (let y = 2000; y <= 2100; y++) {
      const hs = ruleHolidays(y);
      expect(hs.length).toBeGreaterThanOrEqual(y >= 2022 ? 9 : 8);
      expect(hs.length).toBeLessThanOrEqual(y >= 2022 ? 11 : 10);
      for (const h of hs) expect([1, 2, 3, 4, 5]).toContain(weekday(h.date));
    }
    expect(() => ruleHolidays(2150)).toThrow(/2000-2100/);
  });
});

describe('sessions and boundaries', () => {
  const clock = createMarketClock();

  it('includes each window start and excludes its end', () => {
    // 2026-11-23 is a Monday in EST (UTC-5).
    expect(status(clock, '2026-11-23T08:59:59.999Z').session).toBe('closed');
    expect(status(clock, '2026-11-23T09:00:00.000Z').session).toBe('pre');
    expect(status(clock, '2026-11-23T14:29:59.999Z').session).toBe('pre');
    expect(status(clock, '2026-11-23T14:30:00.000Z').session).toBe('regular');
    expect(status(clock, '2026-11-23T20:59:59.999Z').session).toBe('regular');
    expect(status(clock, '2026-11-23T21:00:00.000Z').session).toBe('post');
    expect(status(clock, '2026-11-24T00:59:59.999Z').session).toBe('post');
    expect(status(clock, '2026-11-24T01:00:00.000Z').session).toBe('closed');
  });

  it('says since, next change, next session and next open', () => {
    expect(status(clock, '2026-11-23T15:00:00Z')).toEqual({
      at: '2026-11-23T15:00:00.000Z',
      session: 'regular',
      since: '2026-11-23T14:30:00.000Z',
      nextChange: '2026-11-23T21:00:00.000Z',
      nextSession: 'post',
      nextOpen: '2026-11-24T14:30:00.000Z',
      timeZone: 'America/New_York',
    });
    // Friday night: closed since 20:00, pre-market Monday at 04:00.
    const weekend = status(clock, '2026-11-21T12:00:00Z');
    expect(weekend).toMatchObject({
      session: 'closed',
      since: '2026-11-21T01:00:00.000Z',
      nextChange: '2026-11-23T09:00:00.000Z',
      nextSession: 'pre',
      nextOpen: '2026-11-23T14:30:00.000Z',
    });
    expect(weekend.holiday).toBeUndefined();
    expect(status(clock, '2026-11-23T23:00:00Z')).toMatchObject({ session: 'post', nextSession: 'closed' });
  });

  it('handles the early close: regular until 13:00, post 13:00-17:00', () => {
    const day = '2026-11-27';
    expect(status(clock, '2026-11-27T17:59:00Z')).toMatchObject({
      session: 'regular',
      nextChange: '2026-11-27T18:00:00.000Z',
      earlyClose: 'Day after Thanksgiving',
    });
    expect(status(clock, '2026-11-27T18:00:00Z')).toMatchObject({
      session: 'post',
      since: '2026-11-27T18:00:00.000Z',
      nextChange: '2026-11-27T22:00:00.000Z',
    });
    expect(status(clock, '2026-11-27T22:00:00Z').session).toBe('closed');
    expect(clock.day(day).sessions.map((s) => [s.session, nyDate(s.start)])).toHaveLength(3);
  });

  it('skips holidays and special closures when it says the next open', () => {
    expect(status(clock, '2025-01-08T22:00:00Z')).toMatchObject({
      session: 'post',
      nextChange: '2025-01-09T01:00:00.000Z',
      nextOpen: '2025-01-10T14:30:00.000Z',
    });
    expect(status(clock, '2025-01-09T16:00:00Z')).toMatchObject({
      session: 'closed',
      holiday: 'National Day of Mourning for President Jimmy Carter',
      nextChange: '2025-01-10T09:00:00.000Z',
    });
    // The 2001 closure: from Monday night until Monday 17 September.
    expect(status(clock, '2001-09-12T15:00:00Z')).toMatchObject({
      session: 'closed',
      since: '2001-09-11T00:00:00.000Z',
      nextOpen: '2001-09-17T13:30:00.000Z',
    });
    // Thanksgiving.
    expect(status(clock, '2026-11-26T15:00:00Z')).toMatchObject({
      session: 'closed',
      holiday: 'Thanksgiving Day',
      nextOpen: '2026-11-27T14:30:00.000Z',
    });
  });

  it('follows the spring-forward change (2026-03-08): 09:30 ET moves from 14:30Z to 13:30Z', () => {
    expect(status(clock, '2026-03-06T14:30:00Z').session).toBe('regular');
    expect(status(clock, '2026-03-07T12:00:00Z')).toMatchObject({
      since: '2026-03-07T01:00:00.000Z',
      nextChange: '2026-03-09T08:00:00.000Z',
      nextOpen: '2026-03-09T13:30:00.000Z',
    });
    expect(status(clock, '2026-03-09T13:29:59Z').session).toBe('pre');
    expect(status(clock, '2026-03-09T13:30:00Z').session).toBe('regular');
    expect(status(clock, '2026-03-09T20:00:00Z').session).toBe('post');
  });

  it('follows the fall-back change (2026-11-01): 09:30 ET moves from 13:30Z to 14:30Z', () => {
    expect(status(clock, '2026-10-30T13:30:00Z').session).toBe('regular');
    expect(status(clock, '2026-10-31T12:00:00Z')).toMatchObject({
      since: '2026-10-31T00:00:00.000Z',
      nextChange: '2026-11-02T09:00:00.000Z',
      nextOpen: '2026-11-02T14:30:00.000Z',
    });
    expect(status(clock, '2026-11-02T14:29:59Z').session).toBe('pre');
    expect(status(clock, '2026-11-02T14:30:00Z').session).toBe('regular');
  });

  it('converts New York wall time through the zone, on both sides of each change', () => {
    expect(new Date(nyTime('2026-03-08', 60)).toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(new Date(nyTime('2026-03-08', 180)).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(nyTime('2026-11-01', 0)).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(nyTime('2026-11-01', 180)).toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(nyDate(Date.parse('2026-11-01T03:59:59Z'))).toBe('2026-10-31');
    expect(nyDate(Date.parse('2026-11-01T04:00:00Z'))).toBe('2026-11-01');
  });

  it('lists the sessions overlapping a span, in order', () => {
    const ws = clock.sessionsBetween(at('2026-11-20T00:00:00Z'), at('2026-11-24T00:00:00Z'));
    expect(ws.map((w) => `${nyDate(w.start)} ${w.session}`)).toEqual([
      '2026-11-19 post',
      '2026-11-20 pre',
      '2026-11-20 regular',
      '2026-11-20 post',
      '2026-11-23 pre',
      '2026-11-23 regular',
      '2026-11-23 post',
    ]);
  });

  it('refuses instants outside 2000-2100', () => {
    expect(() => clock.status(at('1999-06-01T15:00:00Z'))).toThrow(RangeError);
    expect(() => clock.status(at('2101-06-01T15:00:00Z'))).toThrow(RangeError);
    expect(clock.status(at('2000-01-03T15:00:00Z')).session).toBe('regular');
    // 2100-12-31 is a Friday: 07:00 ET is pre-market.
    expect(clock.status(at('2100-12-31T12:00:00Z')).session).toBe('pre');
  });

  it('answers any instant consistently (property): since <= at < nextChange, and the next segment starts there', () => {
    const from = at('2000-01-01T06:00:00Z');
    const to = at('2100-12-30T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (t) => {
        const s = clock.status(t);
        marketStatusSchema.parse(s);
        const since = Date.parse(s.since);
        const next = Date.parse(s.nextChange);
        expect(since).toBeLessThanOrEqual(t);
        expect(next).toBeGreaterThan(t);
        expect(clock.status(next).session).toBe(s.nextSession);
        expect(clock.status(next - 1).session).toBe(s.session);
        expect(Date.parse(s.nextOpen)).toBeGreaterThan(t);
        expect(clock.status(Date.parse(s.nextOpen)).session).toBe('regular');
        if (s.session !== 'closed') expect(clock.status(since).session).toBe(s.session);
        if (s.session === 'closed' && since > from) expect(clock.status(since - 1).session).not.toBe('closed');
      }),
      { numRuns: 1500 },
    );
  });
});

describe('provider holiday lists (Finnhub /stock/market-holiday)', () => {
  it('adds closures and early closes the rules do not know, and keeps the rules on disagreement', () => {
    const clock = createMarketClock();
    const report = clock.mergeProviderHolidays([
      { eventName: 'Christmas Day', atDate: '2026-12-25', tradingHour: '' },
      { eventName: 'Christmas Eve', atDate: '2026-12-24', tradingHour: '09:30-13:00' },
      { eventName: 'Day of Mourning', atDate: '2026-06-10', tradingHour: '' },
      { eventName: 'Storm half day', atDate: '2026-02-10', tradingHour: '09:30-13:00' },
      { eventName: 'Wrong', atDate: '2026-11-26', tradingHour: '09:30-16:00' },
      { eventName: 'Saturday', atDate: '2026-06-13', tradingHour: '' },
      { eventName: 'Garbage', atDate: 'not-a-date', tradingHour: '' },
      { eventName: 'Bad hours', atDate: '2026-02-11', tradingHour: 'soon' },
    ]);
    expect(report.agreed).toBe(2);
    expect(report.added).toEqual([
      { date: '2026-06-10', name: 'Day of Mourning', kind: 'closed' },
      { date: '2026-02-10', name: 'Storm half day', kind: 'early-close' },
    ]);
    expect(report.disagreements).toEqual([
      { date: '2026-11-26', ours: 'closed (Thanksgiving Day)', theirs: 'open 09:30-16:00' },
    ]);
    expect(report.ignored).toBe(3);
    expect(clock.status(at('2026-06-10T15:00:00Z'))).toMatchObject({ session: 'closed', holiday: 'Day of Mourning' });
    expect(clock.status(at('2026-02-10T18:30:00Z'))).toMatchObject({ session: 'post', earlyClose: 'Storm half day' });
    expect(clock.day('2026-11-26').open).toBe(false);
    // What was merged can be stored and merged again after a restart.
    const again = createMarketClock({ providerHolidays: clock.providerEntries() });
    expect(again.day('2026-06-10').open).toBe(false);
    expect(again.day('2026-02-10').closeMinutes).toBe(13 * 60);
  });
});
