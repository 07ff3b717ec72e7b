import { describe, expect, it } from 'vitest';
import { propose } from '../../src/tickets/classify.ts';

describe('the classification proposal', () => {
  it.each([
    ['en', 'The machine is broken and shows an error on start', 'malfunction'],
    ['zh-CN', '设备故障，屏幕报错，无法启动', 'malfunction'],
    ['ja', '本体が壊れて、エラーが出て動かないです', 'malfunction'],
    ['ko', '기계가 고장 나서 오류가 계속 나요', 'malfunction'],
    ['yue', '部機壞咗，成日出錯', 'malfunction'],
    ['en', 'How do I install the new firmware update?', 'maintenance'],
    ['zh-CN', '设备需要安装新的固件并重新校准', 'maintenance'],
    ['en', 'I want to complain: nobody answered, unacceptable, I want a refund', 'complaint'],
  ])('in %s, proposes the type of %j', (_, text, type) => {
    const proposal = propose(text, 'standard');
    expect(proposal.type).toBe(type);
    expect(proposal.confidence).toBeGreaterThanOrEqual(0.6);
    expect(proposal.words.type.length).toBeGreaterThan(0);
  });

  it.each([
    ['en', 'There is smoke coming out of the power unit'],
    ['zh-CN', '设备冒烟了，生产线已经停了'],
    ['ja', '機械から煙が出ています'],
    ['ko', '기계에서 연기가 나고 생산라인이 멈췄습니다'],
    ['yue', '部機冒煙，仲有人受傷'],
  ])('in %s, makes a dangerous problem urgent whatever was chosen', (_, text) => {
    const proposal = propose(text, 'standard');
    expect(proposal.urgency).toBe('urgent');
    expect(proposal.raised).toBe(true);
    expect(proposal.words.danger.length).toBeGreaterThan(0);
  });

  it.each([
    '火曜日から印刷できません',
    '本体に小さな傷があります',
    '전원 불이 안 들어와요',
    '防火墙设置问题',
    '請問點樣燒錄韌體',
  ])('does not read %s as an emergency', (text) => {
    expect(propose(text, 'standard').urgency).toBe('standard');
  });

  it('reads "smoking" as smoke', () => {
    expect(propose('The printer is smoking', 'high').urgency).toBe('urgent');
  });

  it('is unsure when the text gives little to go on, and keeps the chosen urgency', () => {
    const proposal = propose('Something about my order', 'high');
    expect(proposal.confidence).toBeLessThan(0.6);
    expect(proposal.urgency).toBe('high');
    expect(proposal.raised).toBe(false);
  });

  it('matches Latin words as whole words, with their usual endings', () => {
    expect(propose('the firewall settings', 'standard').words.danger).toEqual([]);
    expect(propose('the printer fires sparks', 'standard').words.danger).toContain('fire');
    expect(propose('one worker was injured', 'standard').words.danger).toContain('injur');
  });
});
