/**
 * The scenarios that have a tour, without loading a tour or its schema (zod): the page's entry needs only
 * this list to offer the tour; src/tours/tour.ts is loaded when one starts.
 */
export const TOUR_IDS = Object.keys(import.meta.glob('./*.json')).map((f) => f.slice(2, -5));
