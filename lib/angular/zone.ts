/**
 * Keeps rxmcp's work out of zone.js: a connection's timers, sockets and open requests would
 * otherwise hold `NgZone` (and `ApplicationRef.isStable`) unstable for as long as they live.
 * Emissions then arrive outside the zone; the `async` pipe and signals schedule change detection
 * themselves, zoned or zoneless.
 */
import type { NgZone } from '@angular/core';
import { Observable } from 'rxjs';

/** Subscribes to `source` (and so starts its I/O) outside the Angular zone. */
export function outsideZone<T>(zone: NgZone, source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => zone.runOutsideAngular(() => source.subscribe(subscriber)));
}
