import type { Address } from '../store/types.ts';
import type { StaffMember } from '../team/directory.ts';
import type { Platform } from './messages.ts';

/**
 * Where a staff member's notices go: the first of the team's platforms, in order of preference,
 * on which the person has an identity; the web console otherwise.
 */
export function staffAddress(member: StaffMember, platforms: readonly Platform[] = []): Address {
  for (const platform of platforms) {
    if (platform === 'web') break;
    const id = member.identities[platform];
    if (id) return { platform, conversationId: `${platform}:user:${id}` };
  }
  return { platform: 'web', conversationId: consoleConversation(member.id) };
}

export function consoleConversation(staffId: string): string {
  return `console:${staffId}`;
}

export function chatConversation(sessionId: string): string {
  return `chat:${sessionId}`;
}
