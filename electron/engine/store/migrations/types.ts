// What a schema migration is: a numbered step with an up and a down.
import type { Db } from '../db';

export type Migration = {
  version: number;
  name: string;
  up(db: Db): void;
  down(db: Db): void;
  /**
   * True when this step's schema is in the database. Branches merged out of numeric order leave
   * databases past this version without it (main ran 004 before 003 existed): such a step is
   * applied late, once, when this says it is missing.
   */
  present?(db: Db): boolean;
};
