import type { Address } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';

/** Where a staff member's notices go. The staff console for now; chat platforms plug in here. */
export function staffAddress(member: StaffMember): Address {
  return { platform: 'web', conversationId: consoleConversation(member.id) };
}

export function consoleConversation(staffId: string): string {
  return `console:${staffId}`;
}

export function chatConversation(sessionId: string): string {
  return `chat:${sessionId}`;
}
