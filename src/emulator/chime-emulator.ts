export * from '@chime-voice-ops/chime-emulator';
