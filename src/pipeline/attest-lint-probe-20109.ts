import { Injectable } from '@nestjs/common';
export const i = Injectable;
