// What a schema migration is: a numbered step with an up and a down.
import type { Db } from '../db';

export type Migration = {
  version: number;
  name: string;
  up(db: Db): void;
  down(db: Db): void;
};
