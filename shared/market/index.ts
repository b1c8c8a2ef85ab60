// The market clock for engine and UI alike: pure code, no Node APIs.
export * from './calendar';
export * from './market-clock';
export * from './ny-time';
export * from './staleness';
