import type { BrokerageReader } from '../brokerage/brokerage.reader.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { TimeBanksReader } from '../timebank/time-banks.reader.js';
import { TimeBankMembershipStatus } from '../timebank/timebank.enums.js';
import type { SupportContent } from './care-plan-content.js';
import { BookingStatus } from '../brokerage/brokerage.enums.js';
import { SupportGiver } from './careplans.enums.js';
import { carePlanInvalidInput } from './careplans.exception.js';

const NEVER_DELIVERED: ReadonlySet<BookingStatus> = new Set([BookingStatus.DECLINED, BookingStatus.CANCELLED]);

/** A support being written, and the input field it came from (to name in a refusal). */
export interface SupportToLink {
  content: SupportContent;
  argument: string;
}

/**
 * Checks what supports link to, through brokerage's and directory's services: a booking and a budget
 * must be the person's own (someone else's is refused exactly as one that does not exist), a service
 * must be listed, and a time bank one the person is an approved member of (through the time bank's reader).
 * Fills in what a booking decides: its service, and its budget as the one that pays.
 */
export class SupportLinks {
  constructor(
    private readonly brokerage: BrokerageReader,
    private readonly directory: DirectoryService,
    private readonly timeBanks: TimeBanksReader,
  ) {}

  async check(personId: string, supports: readonly SupportToLink[]): Promise<void> {
    const bookingIds = supports.flatMap((s) => (s.content.bookingId ? [s.content.bookingId] : []));
    const budgetIds = supports.flatMap((s) => (s.content.budgetId ? [s.content.budgetId] : []));
    const own = await this.brokerage.personsOwn(personId, { bookingIds, budgetIds });
    const listed = new Map<string, boolean>();
    for (const { content, argument } of supports) {
      if (content.giver === SupportGiver.BOOKING) {
        const booking = own.bookings.get(content.bookingId!);
        if (!booking) throw carePlanInvalidInput('No booking of this person’s has that id.', `${argument}.bookingId`);
        // A booking the provider declined or the person cancelled brings no care: a plan naming it would mislead.
        if (NEVER_DELIVERED.has(booking.status))
          throw carePlanInvalidInput('That booking was declined or cancelled.', `${argument}.bookingId`);
        if (content.budgetId && content.budgetId !== booking.budgetId)
          throw carePlanInvalidInput('A booked support is paid by the booking’s budget.', `${argument}.budgetId`);
        content.budgetId = booking.budgetId;
        content.serviceId = booking.serviceId;
      } else if (content.budgetId && !own.budgetIds.has(content.budgetId)) {
        throw carePlanInvalidInput('No budget of this person’s has that id.', `${argument}.budgetId`);
      }
      if (content.giver === SupportGiver.TIME_BANK) {
        const membership = await this.timeBanks.membershipOf(content.timeBankProviderId!, personId);
        if (membership?.status !== TimeBankMembershipStatus.APPROVED)
          throw carePlanInvalidInput('The person is not an approved member of that co-op’s time bank.', `${argument}.timeBankProviderId`);
      }
      if (content.giver === SupportGiver.SERVICE) {
        const id = content.serviceId!;
        if (!listed.has(id)) listed.set(id, (await this.directory.getService(id)) !== null);
        if (!listed.get(id)) throw carePlanInvalidInput('No listed service has that id.', `${argument}.serviceId`);
      }
    }
  }
}
