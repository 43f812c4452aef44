import DataLoader from 'dataloader';
import { type LoaderFactory } from '../common/loaders.js';
import { readPictures } from './co-op-picture.service.js';
import type { TimeBankPicture } from './co-op-picture.types.js';

export interface PictureKey {
  providerId: string;
  months: number;
}

/** Pictures, one statement per window asked for (a query asks one or two), whatever the number of co-ops. */
export const pictureOf: LoaderFactory<PictureKey, TimeBankPicture, string> = ({ db }) =>
  new DataLoader(
    async (keys) => {
      const windows = [...new Set(keys.map((k) => k.months))];
      const read = await Promise.all(
        windows.map(
          async (months) =>
            [
              months,
              await readPictures(
                db,
                keys.filter((k) => k.months === months).map((k) => k.providerId),
                months,
              ),
            ] as const,
        ),
      );
      const byWindow = new Map(read);
      return keys.map((k) => byWindow.get(k.months)?.get(k.providerId) as TimeBankPicture);
    },
    { cacheKeyFn: (k) => `${k.months}:${k.providerId}` },
  );
