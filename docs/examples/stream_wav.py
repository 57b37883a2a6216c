#!/usr/bin/env python3
"""Streams a WAV file to Zora's /v1/stream as a microphone would, and prints what comes back.

    python3 docs/examples/stream_wav.py clip.wav [ws://localhost:8080/v1/stream] [digits-ctc]

Needs the websocket-client package (Debian: python3-websocket; pip: websocket-client). The file is
sent as it is stored (16-bit PCM, any rate and channel count: the server resamples and mixes down)
in 20 ms frames, paced in real time with --live, as fast as possible otherwise. With API keys on,
set ZORA_API_KEY.
"""
import json
import os
import sys
import time
import wave

import websocket


def main():
    args = [a for a in sys.argv[1:] if a != "--live"]
    live = "--live" in sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    path = args[0]
    url = args[1] if len(args) > 1 else "ws://localhost:8080/v1/stream"
    model = args[2] if len(args) > 2 else "digits-ctc"
    key = os.environ.get("ZORA_API_KEY")
    headers = [f"Authorization: Bearer {key}"] if key else []

    with wave.open(path, "rb") as wav:
        if wav.getsampwidth() != 2:
            sys.exit(f"{path}: 16-bit PCM only in this example (the server also takes pcm_f32le)")
        rate, channels = wav.getframerate(), wav.getnchannels()
        pcm = wav.readframes(wav.getnframes())

    ws = websocket.create_connection(url, header=headers, subprotocols=["zora.v1"])
    ws.send(json.dumps({"type": "start", "model": model, "sampleRate": rate,
                        "encoding": "pcm_s16le", "channels": channels, "interimResults": False}))
    ready = json.loads(ws.recv())
    if ready["type"] != "ready":
        sys.exit(f"refused: {ready}")
    frame = rate // 50 * 2 * channels  # 20 ms of 16-bit samples
    for at in range(0, len(pcm), frame):
        ws.send_binary(pcm[at:at + frame])
        if live:
            time.sleep(0.02)
    ws.send(json.dumps({"type": "stop"}))
    while True:
        try:
            message = ws.recv()
        except websocket.WebSocketConnectionClosedException:
            break
        if not message:  # the server closed the stream (1000) after the last final
            break
        event = json.loads(message)
        if event["type"] == "final":
            print(f"{event['start']:6.2f}-{event['end']:6.2f} s  {event['text']}")
        elif event["type"] == "error":
            sys.exit(f"error {event['code']}: {event['message']}")
    ws.close()


if __name__ == "__main__":
    main()
